package dev.ssekit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.StreamVector;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** What every {@link Scenario} works with: the target, the run's bounds, and the contract's requests they share. */
final class ScenarioContext {

    static final long POLL_MS = 50;

    private final Target target;
    private final long timeoutMs;
    private final CaptureBound bound;
    private final LongSupplier heapProbe;

    ScenarioContext(Target target, long timeoutMs, CaptureBound bound, LongSupplier heapProbe) {
        this.target = target;
        this.timeoutMs = timeoutMs;
        this.bound = bound;
        this.heapProbe = heapProbe;
    }

    long timeoutMs() {
        return timeoutMs;
    }

    /** The bound of the short requests around a scenario (stats, publish, subscribe). */
    long shortWaitMs() {
        return Math.min(timeoutMs, 5_000);
    }

    /** Null when the server does not run in this JVM. */
    LongSupplier heapProbe() {
        return heapProbe;
    }

    HttpRequest request(StreamVector.Request r) {
        return RequestVectors.request(target, r);
    }

    StreamCapture read(HttpRequest request, long timeoutMs, Predicate<StreamCapture> stop) {
        return Exchange.run(target, request, timeoutMs, bound, stop);
    }

    Exchange send(HttpRequest request, int receiveBuffer) throws IOException {
        return Exchange.send(target, request, receiveBuffer, bound);
    }

    /** {@code /api/stats} as JSON, or null. */
    JsonNode stats() {
        return Features.fetchStats(target, bound, shortWaitMs());
    }

    /** POST /api/feed with the bearer {@code token}. */
    StreamCapture publish(String data, String token) {
        HttpRequest post = HttpRequest.get(target.path("/api/feed")).withHeader("Authorization", "Bearer " + token)
                .withBody("POST", data);
        return Exchange.run(target, post, shortWaitMs(), bound);
    }

    void publishAll(List<String> publish, String token, Results.Mismatches m) {
        for (String p : publish) {
            StreamCapture r = publish(p, token);
            if (r.status / 100 != 2) {
                m.add("POST /api/feed " + Escapes.quote(p) + " with the token is accepted (2xx)", r.summary());
            }
        }
    }

    /** Opens a subscription and waits for its status; returns a problem or null (and adds the exchange). */
    String subscribe(List<Exchange> subs, String lastEventId) {
        HttpRequest req = HttpRequest.get(target.path("/api/feed"));
        if (lastEventId != null) {
            req = req.withHeader("Last-Event-ID", lastEventId);
        }
        try {
            Exchange ex = send(req, 0);
            subs.add(ex);
            StreamCapture s = ex.read(ex.elapsedMs() + shortWaitMs(), StreamCapture::hasStatus);
            if (s.status != 200 || !s.isEventStream()) {
                return s.summary() + (s.hasStatus() ? ", Content-Type " + s.header("Content-Type") : "");
            }
            return null;
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Waits until the stats count the subscribers, where they do; subscribing is asynchronous on some servers. */
    void awaitSubscribers(int n) {
        long t0 = System.nanoTime();
        while (elapsedSince(t0) < shortWaitMs()) {
            JsonNode stats = stats();
            if (stats == null || !stats.path("feedSubscribers").isNumber()) {
                sleep(200);
                return;
            }
            if (stats.path("feedSubscribers").asInt() >= n) {
                return;
            }
            sleep(POLL_MS);
        }
    }

    StreamCapture await(Future<StreamCapture> f) {
        try {
            return f.get(timeoutMs + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading subscribers", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a subscriber's read failed: " + e, e);
        }
    }

    static boolean matches(JsonNode stats, Map<String, Long> want) {
        return want.entrySet().stream().allMatch(e -> stats.path(e.getKey()).isNumber() && stats.get(e.getKey()).asLong() == e.getValue());
    }

    static Map<String, String> pick(JsonNode stats, Iterable<String> fields) {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach(f -> out.put(f, stats.has(f) ? stats.get(f).toString() : "absent"));
        return out;
    }

    static String quoted(List<String> list) {
        return list.stream().map(Escapes::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    static long elapsedSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
