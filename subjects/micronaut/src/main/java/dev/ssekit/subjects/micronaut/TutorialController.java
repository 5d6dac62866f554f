package dev.ssekit.subjects.micronaut;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * The tutorial's {@code /api/sse} as a Micronaut user writes it: a {@code Publisher<Event<String>>}, one event per code
 * point of {@code data.txt}, with the id and name {@link Event} offers.
 */
@Controller("/api")
public class TutorialController {

    private static final List<String> PIECES = load().codePoints().mapToObj(Character::toString).collect(Collectors.toList());

    @Get(value = "/sse", produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<String>> stream(@QueryValue(defaultValue = "1000") long interval,
            @QueryValue(defaultValue = "lol") String event) {
        // delayElements waits for demand, where Flux.interval would fail a stream its reader cannot keep up with
        return Flux.range(0, PIECES.size())
                .delayElements(Duration.ofMillis(interval))
                .map(i -> Event.of(PIECES.get(i)).id(String.valueOf(i + 1)).name(event));
    }

    private static String load() {
        try (InputStream in = TutorialController.class.getResourceAsStream("/data.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
