package dev.ssekit.subjects.armeria;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.sse.ServerSentEvent;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.cors.CorsService;
import com.linecorp.armeria.server.streaming.ServerSentEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * The tutorial's {@code GET /api/sse} written with Armeria's own SSE API, as its documentation shows:
 * {@link ServerSentEvents#fromPublisher} over a Reactor {@link Flux} of {@link ServerSentEvent}s, one per code point of
 * the document ({@code id} 1, 2, ..., type {@code lol} or the {@code event} parameter as given, every {@code interval}
 * ms, default 1000); the response ends when the Flux completes. {@link CorsService} for any origin.
 *
 * <p>This is a subject under test, not an example to follow: its defects are the kit's findings (README.md).
 */
public final class SseServer {

    private SseServer() {
    }

    /** Runs it on 127.0.0.1 and port 3000, or the first argument. */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Server server = create("127.0.0.1", port);
        server.closeOnJvmShutdown();
        server.start().join();
        System.out.println("listening on http://127.0.0.1:" + server.activeLocalPort() + "/api/sse");
    }

    /** The server, not started yet. */
    public static Server create(String host, int port) {
        String document = document();
        return Server.builder()
                .http(new InetSocketAddress(host, port))
                .route().get("/api/sse").build((ctx, req) -> stream(ctx, document))
                .decorator(CorsService.builderForAnyOrigin().allowRequestMethods(HttpMethod.GET).newDecorator())
                .build();
    }

    private static HttpResponse stream(ServiceRequestContext ctx, String document) {
        QueryParams params = ctx.queryParams();
        long interval = params.getLong("interval", 1000L);
        String type = params.get("event", "lol");
        int[] pieces = document.codePoints().toArray();
        Flux<ServerSentEvent> events = Flux.range(0, pieces.length)
                .delayElements(Duration.ofMillis(interval))
                .map(i -> ServerSentEvent.builder()
                        .id(String.valueOf(i + 1))
                        .event(type)
                        .data(Character.toString(pieces[i]))
                        .build());
        return ServerSentEvents.fromPublisher(events);
    }

    private static String document() {
        try (InputStream in = SseServer.class.getResourceAsStream("/data.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
