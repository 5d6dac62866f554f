package dev.ssekit.clients.spring;

import dev.ssekit.clientservice.Callbacks;
import dev.ssekit.clientservice.ClientAdapter;
import dev.ssekit.clientservice.StreamClient;
import dev.ssekit.clientservice.StreamRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.netty.http.HttpResources;
import reactor.netty.http.client.HttpClient;

/**
 * Spring's {@link WebClient} as its users read a stream of {@code ServerSentEvent<String>}: {@code retrieve()},
 * {@code bodyToFlux}, {@code subscribe(next, error, complete)}, on Reactor Netty with its shared resources. A
 * {@code Flux} ends at the end of the stream or at the first error; there is no reconnect, {@code retry} or
 * {@code Last-Event-ID} unless the user writes one, and this adapter writes none.
 */
public final class WebClientAdapter implements ClientAdapter {

    /** The spring-webflux version this module pins (its pom's {@code sse.client.version}). */
    public static final String VERSION = version();

    private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENTS = new ParameterizedTypeReference<>() {
    };

    @Override
    public String name() {
        return "Spring WebClient " + VERSION + " (Reactor Netty)";
    }

    @Override
    public List<String> capabilities() {
        // comments: ServerSentEvent.comment(); read-timeout: Reactor Netty's response timeout between reads
        return List.of("comments", "headers", "post", "report", "read-timeout", "sse-kit:close-in-error-callback");
    }

    @Override
    public StreamClient open(StreamRequest r, Callbacks callbacks) {
        HttpClient http = HttpClient.create();
        if (r.readTimeoutMs() != null) {
            http = http.responseTimeout(Duration.ofMillis(r.readTimeoutMs()));
        }
        WebClient client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
        // the reference guide's streaming example asks for text/event-stream
        WebClient.RequestBodySpec request = client.method(HttpMethod.valueOf(r.method() == null ? "GET" : r.method()))
                .uri(r.streamUrl()).accept(MediaType.TEXT_EVENT_STREAM);
        r.headers().forEach((name, value) -> request.header(name, value));
        if (r.body() != null) {
            if (!r.headers().containsKey("content-type")) {
                request.contentType(MediaType.parseMediaType("text/plain; charset=utf-8"));
            }
            request.bodyValue(r.body());
        }
        AtomicReference<Disposable> subscription = new AtomicReference<>();
        Disposable d = request.retrieve().bodyToFlux(EVENTS).subscribe(
                event -> relay(event, callbacks),
                error -> {
                    callbacks.error("error signal: " + error);
                    Disposable s = subscription.get();
                    if (r.closeOnError() && s != null) {
                        s.dispose();
                    }
                },
                () -> callbacks.error("complete signal: the stream ended"));
        subscription.set(d);
        return d::dispose;
    }

    /** Every element the Flux emits reaches the harness: its comment as a comment, the rest as an event. */
    private static void relay(ServerSentEvent<String> e, Callbacks callbacks) {
        if (e.comment() != null) {
            callbacks.comment(e.comment());
        }
        if (e.data() != null || e.id() != null || e.event() != null || e.retry() != null || e.comment() == null) {
            callbacks.event(e.event(), e.data() == null ? "" : e.data(), e.id());
        }
    }

    @Override
    public void close() {
        // the streams ran on Reactor Netty's global loops and pool: release them with the service
        HttpResources.disposeLoopsAndConnections();
    }

    private static String version() {
        Properties p = new Properties();
        try (InputStream in = WebClientAdapter.class.getResourceAsStream("client.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}
