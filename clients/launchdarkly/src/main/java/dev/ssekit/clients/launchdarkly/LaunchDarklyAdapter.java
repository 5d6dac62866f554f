package dev.ssekit.clients.launchdarkly;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.HttpConnectStrategy;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.background.BackgroundEventHandler;
import com.launchdarkly.eventsource.background.BackgroundEventSource;
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
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * LaunchDarkly's okhttp-eventsource as its users write it since 4.0: an {@link EventSource.Builder} on an
 * {@link HttpConnectStrategy}, run by a {@link BackgroundEventSource} that pushes to a {@link BackgroundEventHandler}.
 * Reconnects, backoff, {@code retry} and {@code Last-Event-ID} are the library's own, with its defaults (the error
 * strategy keeps retrying: the background source dispatches each error and goes on).
 */
public final class LaunchDarklyAdapter implements ClientAdapter {

    /** The okhttp-eventsource version this module pins (its pom's {@code sse.client.version}). */
    public static final String VERSION = version();

    @Override
    public String name() {
        return "LaunchDarkly okhttp-eventsource " + VERSION;
    }

    @Override
    public List<String> capabilities() {
        // what LaunchDarkly's own test service claims for this library, and the kit's close-in-error-callback
        return List.of("comments", "headers", "last-event-id", "post", "report", "read-timeout", "restart",
                "sse-kit:close-in-error-callback");
    }

    @Override
    public StreamClient open(StreamRequest r, Callbacks callbacks) {
        HttpConnectStrategy http = ConnectStrategy.http(r.streamUrl());
        for (var h : r.headers().entrySet()) {
            http = http.header(h.getKey(), h.getValue());
        }
        if (r.readTimeoutMs() != null) {
            http = http.readTimeout(r.readTimeoutMs(), TimeUnit.MILLISECONDS);
        }
        if (r.method() != null) {
            RequestBody body = r.body() == null ? null : RequestBody.create(r.body(),
                    MediaType.get(r.headers().getOrDefault("content-type", "text/plain; charset=utf-8")));
            http = http.methodAndBody(r.method(), body);
        }
        EventSource.Builder builder = new EventSource.Builder(http);
        if (r.initialDelayMs() != null) {
            builder.retryDelay(r.initialDelayMs(), TimeUnit.MILLISECONDS);
        }
        if (r.lastEventId() != null) {
            builder.lastEventId(r.lastEventId());
        }
        AtomicReference<BackgroundEventSource> self = new AtomicReference<>();
        BackgroundEventSource source = new BackgroundEventSource.Builder(new BackgroundEventHandler() {
            @Override
            public void onOpen() {
            }

            @Override
            public void onClosed() {
                // always follows onError, which already told the harness
            }

            @Override
            public void onMessage(String event, MessageEvent e) {
                callbacks.event(event, e.getData(), e.getLastEventId());
            }

            @Override
            public void onComment(String comment) {
                callbacks.comment(comment);
            }

            @Override
            public void onError(Throwable t) {
                callbacks.error(t.toString());
                if (r.closeOnError()) {
                    self.get().close();
                }
            }
        }, builder).build();
        self.set(source);
        source.start();
        return new StreamClient() {
            @Override
            public void close() {
                source.close();
            }

            @Override
            public void restart() {
                source.getEventSource().interrupt();
            }
        };
    }

    private static String version() {
        Properties p = new Properties();
        try (InputStream in = LaunchDarklyAdapter.class.getResourceAsStream("client.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}
