package dev.ssekit.clients.vertx;

import dev.ssekit.clientservice.Callbacks;
import dev.ssekit.clientservice.ClientAdapter;
import dev.ssekit.clientservice.StreamClient;
import dev.ssekit.clientservice.StreamRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x Web Client's SSE support as its users write it: a request {@code as(BodyCodec.sseStream(...))} whose
 * {@code ReadStream<SseEvent>} gets a handler, and {@code send()}. One {@link Vertx} for the service; one
 * {@link WebClient} per stream, since closing its client is how a user stops a stream. The codec has no reconnect,
 * {@code retry} or {@code Last-Event-ID}, and this adapter adds none.
 */
public final class VertxSseAdapter implements ClientAdapter {

    /** The vertx-web-client version this module pins (its pom's {@code sse.client.version}). */
    public static final String VERSION = version();

    private final Vertx vertx = Vertx.vertx();

    @Override
    public String name() {
        return "Vert.x Web Client SSE " + VERSION;
    }

    @Override
    public List<String> capabilities() {
        // no comments: the codec drops them; read-timeout: the client's read idle timeout
        return List.of("headers", "post", "report", "read-timeout", "sse-kit:close-in-error-callback");
    }

    @Override
    public StreamClient open(StreamRequest r, Callbacks callbacks) {
        WebClientOptions options = new WebClientOptions();
        if (r.readTimeoutMs() != null) {
            options.setReadIdleTimeout(Math.toIntExact(r.readTimeoutMs())).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        }
        WebClient client = WebClient.create(vertx, options);
        HttpRequest<Buffer> request = client.requestAbs(HttpMethod.valueOf(r.method() == null ? "GET" : r.method()),
                r.streamUrl().toString());
        r.headers().forEach(request::putHeader);
        HttpRequest<Void> sse = request.as(BodyCodec.sseStream(events -> {
            events.handler(e -> callbacks.event(e.event(), e.data(), e.id()));
            events.exceptionHandler(t -> {
                callbacks.error("exceptionHandler: " + t);
                if (r.closeOnError()) {
                    client.close();
                }
            });
        }));
        Future<HttpResponse<Void>> response;
        if (r.body() == null) {
            response = sse.send();
        } else {
            if (!r.headers().containsKey("content-type")) {
                sse.putHeader("content-type", "text/plain; charset=utf-8");
            }
            response = sse.sendBuffer(Buffer.buffer(r.body()));
        }
        response.onComplete(done -> {
            if (done.failed()) {
                callbacks.error("send() failed: " + done.cause());
                if (r.closeOnError()) {
                    client.close();
                }
            } else {
                callbacks.error("send() completed: HTTP " + done.result().statusCode() + ", the stream ended");
            }
        });
        return client::close;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("Vert.x did not close: " + e, e);
        }
    }

    private static String version() {
        Properties p = new Properties();
        try (InputStream in = VertxSseAdapter.class.getResourceAsStream("client.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}
