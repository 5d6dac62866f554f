package dev.ssekit.clientservice;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The callbacks of one stream: numbered from 1 in call order and posted to {@code {callbackUrl}/{n}} one at a time,
 * on a shared executor (no thread per stream). At most {@link #MAX_QUEUED} wait; one more is dropped and reported
 * once as an error callback, so a client flooding a slow harness cannot exhaust the service's memory.
 */
final class CallbackPoster implements Callbacks {

    static final int MAX_QUEUED = 10_000;

    private final URI base;
    private final HttpClient http;
    private final Executor executor;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private int counter;
    private boolean draining;
    private boolean overflowed;

    CallbackPoster(URI callbackUrl, HttpClient http, Executor executor) {
        String s = callbackUrl.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.http = http;
        this.executor = executor;
    }

    @Override
    public void event(String type, String data, String id) {
        Map<String, Object> event = new LinkedHashMap<>();
        if (type != null) {
            event.put("type", type);
        }
        event.put("data", data);
        if (id != null) {
            event.put("id", id);
        }
        post(Map.of("kind", "event", "event", event));
    }

    @Override
    public void comment(String text) {
        post(Map.of("kind", "comment", "comment", text));
    }

    @Override
    public void error(String message) {
        post(Map.of("kind", "error", "comment", message == null ? "" : message));
    }

    private void post(Map<String, Object> message) {
        String body = Json.write(message);
        synchronized (this) {
            if (queue.size() >= MAX_QUEUED) {
                if (!overflowed) {
                    overflowed = true;
                    queue.add(Json.write(Map.of("kind", "error", "comment",
                            "test service: more than " + MAX_QUEUED + " callbacks waiting; later ones dropped")));
                }
                return;
            }
            queue.add(body);
            if (draining) {
                return;
            }
            draining = true;
        }
        executor.execute(this::drain);
    }

    private void drain() {
        while (true) {
            String body;
            int n;
            synchronized (this) {
                body = queue.poll();
                if (body == null) {
                    draining = false;
                    return;
                }
                n = ++counter;
            }
            send(n, body);
        }
    }

    private void send(int n, String body) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/" + n)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            http.send(req, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the harness has gone or closed this stream's endpoint: nobody is left to tell
        }
    }
}
