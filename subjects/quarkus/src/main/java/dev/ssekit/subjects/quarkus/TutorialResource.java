package dev.ssekit.subjects.quarkus;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The tutorial's {@code /api/sse} as a Quarkus REST user writes it: a {@code Multi} of SSE events, one per code point
 * of {@code data.txt}, built with the injected {@link Sse} as the Quarkus REST guide shows for events with a name
 * (a {@code Multi<String>} would give neither {@code event:} nor {@code id:}).
 */
@Path("/api/sse")
public class TutorialResource {

    private static final List<String> PIECES = load().codePoints().mapToObj(Character::toString).collect(Collectors.toList());

    @Context
    Sse sse;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<OutboundSseEvent> stream(@QueryParam("interval") @DefaultValue("1000") long interval,
            @QueryParam("event") @DefaultValue("lol") String event) {
        // Mutiny's ticks need a positive period: interval=0 means as fast as the timer goes
        return Multi.createFrom().ticks().every(Duration.ofMillis(Math.max(1, interval)))
                .select().first(PIECES.size())
                .map(tick -> sse.newEventBuilder()
                        .id(String.valueOf(tick + 1))
                        .name(event)
                        .data(PIECES.get(tick.intValue()))
                        .build());
    }

    private static String load() {
        try (InputStream in = TutorialResource.class.getResourceAsStream("/data.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
