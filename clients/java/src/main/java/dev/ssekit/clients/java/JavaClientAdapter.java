package dev.ssekit.clients.java;

import dev.ssekit.client.ErrorEvent;
import dev.ssekit.client.EventSource;
import dev.ssekit.clientservice.Callbacks;
import dev.ssekit.clientservice.ClientAdapter;
import dev.ssekit.clientservice.StreamClient;
import dev.ssekit.clientservice.StreamRequest;
import java.time.Duration;
import java.util.List;

/**
 * The kit's Java {@link EventSource} in the test-service protocol: every create-stream property maps onto a builder
 * option, every event, comment and error is relayed as it is reported.
 */
public final class JavaClientAdapter implements ClientAdapter {

    @Override
    public String name() {
        return "sse-kit Java EventSource " + version();
    }

    /** The kit's version, from the client jar's manifest when it has one. */
    public static String version() {
        String v = EventSource.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    @Override
    public List<String> capabilities() {
        return List.of("comments", "headers", "last-event-id", "post", "report", "read-timeout",
                "sse-kit:close-in-error-callback");
    }

    @Override
    public StreamClient open(StreamRequest r, Callbacks callbacks) {
        EventSource.Builder b = EventSource.builder(r.streamUrl());
        if (r.initialDelayMs() != null) {
            b.reconnectionTime(Duration.ofMillis(r.initialDelayMs()));
        }
        if (r.readTimeoutMs() != null && r.readTimeoutMs() > 0) {
            b.readTimeout(Duration.ofMillis(r.readTimeoutMs()));
        }
        if (r.lastEventId() != null && !r.lastEventId().isEmpty()) {
            b.lastEventId(r.lastEventId());
        }
        b.headers(r.headers());
        if (r.method() != null) {
            if (r.body() != null) {
                b.method(r.method(), r.body());
            } else {
                b.method(r.method());
            }
        }
        EventSource[] self = new EventSource[1];
        b.onEvent(e -> callbacks.event(e.type(), e.data(), e.lastEventId()));
        b.onComment(callbacks::comment);
        b.onError(e -> {
            callbacks.error(describe(e));
            if (r.closeOnError()) {
                self[0].close();
            }
        });
        EventSource es = b.build();
        self[0] = es;
        es.start();
        return es::close;
    }

    private static String describe(ErrorEvent e) {
        return e.reason() + (e.message() == null ? "" : ": " + e.message())
                + (e.willReconnect() ? " (reconnecting in " + e.reconnectDelay().toMillis() + " ms)" : " (for good)");
    }
}
