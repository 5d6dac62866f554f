package dev.ssekit.clients.okhttp;

import dev.ssekit.clientservice.Callbacks;
import dev.ssekit.clientservice.ClientAdapter;
import dev.ssekit.clientservice.StreamClient;
import dev.ssekit.clientservice.StreamRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * okhttp-sse as its users write it: one shared {@link OkHttpClient}, {@link EventSources#createFactory} and an
 * {@link EventSourceListener}. The library has no reconnect, no {@code retry} and no {@code Last-Event-ID} of its own,
 * and this adapter adds none: it relays what the listener is told.
 */
public final class OkHttpSseAdapter implements ClientAdapter {

    /** The okhttp-sse version this module pins (its pom's {@code sse.client.version}). */
    public static final String VERSION = version();

    private final OkHttpClient shared = new OkHttpClient();

    @Override
    public String name() {
        return "okhttp-sse " + VERSION;
    }

    @Override
    public List<String> capabilities() {
        // no comments (the reader skips them), no last-event-id or restart (the library has neither)
        return List.of("headers", "post", "report", "read-timeout", "sse-kit:close-in-error-callback");
    }

    @Override
    public StreamClient open(StreamRequest r, Callbacks callbacks) {
        Request.Builder request = new Request.Builder().url(r.streamUrl().toString());
        r.headers().forEach(request::header);
        if (r.method() != null) {
            RequestBody body = null;
            if (r.body() != null) {
                String type = r.headers().getOrDefault("content-type", "text/plain; charset=utf-8");
                body = RequestBody.create(r.body(), MediaType.get(type));
            }
            request.method(r.method(), body);
        }
        // a per-stream read timeout is a derived client, which shares the pool and dispatcher of the shared one
        OkHttpClient client = r.readTimeoutMs() == null ? shared
                : shared.newBuilder().readTimeout(r.readTimeoutMs(), TimeUnit.MILLISECONDS).build();
        EventSource source = EventSources.createFactory(client).newEventSource(request.build(), new EventSourceListener() {
            @Override
            public void onEvent(EventSource es, String id, String type, String data) {
                callbacks.event(type, data, id);
            }

            @Override
            public void onClosed(EventSource es) {
                callbacks.error("onClosed: the server ended the stream");
            }

            @Override
            public void onFailure(EventSource es, Throwable t, Response response) {
                callbacks.error("onFailure: " + (t == null ? "" : t + " ")
                        + (response == null ? "" : "HTTP " + response.code()));
                if (r.closeOnError()) {
                    es.cancel();
                }
            }
        });
        return source::cancel;
    }

    @Override
    public void close() {
        shared.dispatcher().cancelAll();
        shared.dispatcher().executorService().shutdown();
        shared.connectionPool().evictAll();
    }

    private static String version() {
        Properties p = new Properties();
        try (InputStream in = OkHttpSseAdapter.class.getResourceAsStream("client.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}
