package dev.ssekit.clientcheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.ClientScenario;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scenario on a {@link ScriptServer}: plays its attempts to the requests in the order they arrive, and keeps
 * what happened (requests, when each attempt ended, the callbacks in counter order); each response goes out through the
 * server's {@link Wire}. Monitor-guarded; waiters are
 * woken by {@link #notifyAll()} on every change.
 */
final class Stage {

    /** What one attempt saw; {@code endedNanos} 0 while it has not ended (or was left open). */
    static final class Played {
        final RecordedRequest request;
        final String pathName;
        volatile long endedNanos;

        Played(RecordedRequest request, String pathName) {
            this.request = request;
            this.pathName = pathName;
        }
    }

    /** What the harness does for a {@code closeClient} step: DELETE the stream and wait for the answer. */
    interface ClientCloser {
        void closeClient();
    }

    private final ClientScenario scenario;
    private final ScriptServer server;
    private final String key;
    private final long deadlineNanos;
    private ClientCloser closer = () -> { };
    private final List<Played> played = new ArrayList<>();
    private final TreeMap<Integer, JsonNode> callbacks = new TreeMap<>();
    private final List<JsonNode> ordered = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private boolean ready;
    private boolean finished;

    Stage(ClientScenario scenario, ScriptServer server, String key, long deadlineNanos) {
        this.scenario = scenario;
        this.server = server;
        this.key = key;
        this.deadlineNanos = deadlineNanos;
    }

    synchronized void closer(ClientCloser c) {
        closer = c;
    }

    /** The setup (create, listen) is done: attempts may play their bodies. */
    synchronized void ready() {
        ready = true;
        notifyAll();
    }

    /** The scenario is over: connections left open end now. */
    synchronized void finish() {
        finished = true;
        notifyAll();
    }

    synchronized List<Played> played() {
        return new ArrayList<>(played);
    }

    /** Problems met while playing (an awaited event that never came), in order. */
    synchronized List<String> problems() {
        return new ArrayList<>(problems);
    }

    /** Callbacks in counter order, as far as the counter is contiguous from 1. */
    synchronized List<JsonNode> callbacks() {
        return new ArrayList<>(ordered);
    }

    synchronized void callback(int n, JsonNode body) {
        callbacks.put(n, body);
        while (callbacks.containsKey(ordered.size() + 1)) {
            ordered.add(callbacks.get(ordered.size() + 1));
        }
        notifyAll();
    }

    synchronized int eventsDelivered() {
        return (int) ordered.stream().filter(c -> "event".equals(c.path("kind").asText())).count();
    }

    synchronized int errorsDelivered() {
        return (int) ordered.stream().filter(c -> "error".equals(c.path("kind").asText())).count();
    }

    /** Waits until {@code n} requests have arrived, or {@code untilNanos}; true when they have. */
    synchronized boolean awaitRequests(int n, long untilNanos) throws InterruptedException {
        while (played.size() < n) {
            if (!waitUntil(untilNanos)) {
                return played.size() >= n;
            }
        }
        return true;
    }

    /** Waits until attempt {@code i} (0-based) has ended, or {@code untilNanos}; its end time, or 0. */
    synchronized long awaitEnd(int i, long untilNanos) throws InterruptedException {
        while (played.get(i).endedNanos == 0) {
            if (!waitUntil(untilNanos)) {
                break;
            }
        }
        return played.get(i).endedNanos;
    }

    synchronized boolean awaitEvents(int n, long untilNanos) throws InterruptedException {
        while (eventsDelivered() < n) {
            if (!waitUntil(untilNanos)) {
                return eventsDelivered() >= n;
            }
        }
        return true;
    }

    synchronized boolean awaitErrors(int n, long untilNanos) throws InterruptedException {
        while (errorsDelivered() < n) {
            if (!waitUntil(untilNanos)) {
                return errorsDelivered() >= n;
            }
        }
        return true;
    }

    /** One bounded wait; false once {@code untilNanos} (or the scenario's deadline) has passed. */
    private boolean waitUntil(long untilNanos) throws InterruptedException {
        long until = Math.min(untilNanos, deadlineNanos);
        long left = until - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        wait(Math.max(1, left / 1_000_000));
        return true;
    }

    /**
     * Plays the next attempt of the script to a request that arrived at {@code pathName}, on its wire; the wire is
     * finished when the attempt is over.
     */
    void serve(String pathName, RecordedRequest req, Wire wire) throws IOException {
        Played p = new Played(req, pathName);
        int index;
        synchronized (this) {
            played.add(p);
            index = played.size() - 1;
            notifyAll();
        }
        try {
            if (index >= scenario.attempts().size()) {
                // beyond the script: judged as such; 204 tells a conforming client to stop
                wire.head(204, List.of(CORS), false);
                return;
            }
            if (!awaitReady()) {
                return;
            }
            ClientScenario.Attempt a = scenario.attempts().get(index);
            if (a.drop() != null) {
                wire.drop(a.drop().equals("reset"));
                return;
            }
            if (a.redirect() != null) {
                wire.head(a.redirect().status(), List.of(new Wire.Field("Location", server.url(key, a.redirect().to())), CORS),
                        false);
                return;
            }
            playResponse(a.response(), wire);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            wire.finish();
            if (p.endedNanos == 0) {
                end(p);
            }
        }
    }

    private static final Wire.Field CORS = new Wire.Field("Access-Control-Allow-Origin", "*");

    private void playResponse(ClientScenario.Response r, Wire wire) throws IOException, InterruptedException {
        List<Wire.Field> fields = new ArrayList<>();
        if (r.contentType() != null) {
            fields.add(new Wire.Field("Content-Type", r.contentType()));
        }
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            fields.add(new Wire.Field(h.getKey(), h.getValue()));
        }
        if (r.cors()) {
            fields.add(CORS);
        }
        fields.add(new Wire.Field("Cache-Control", "no-store"));
        boolean noContent = r.status() == 204 || r.status() == 205 || r.status() == 304;
        boolean body = !noContent && (!r.body().isEmpty() || r.status() == 200);
        wire.head(r.status(), fields, body);
        try {
            for (ClientScenario.Step step : r.body()) {
                if (step.bytes() != null) {
                    if (step.bytewise()) {
                        for (byte b : step.bytes()) {
                            wire.data(new byte[] {b});
                            Thread.sleep(2);
                        }
                    } else if (step.bytes().length > 0) {
                        wire.data(step.bytes());
                    }
                } else if (step.pauseMs() != null) {
                    Thread.sleep(step.pauseMs());
                } else if (step.awaitEvents() != null) {
                    long until = System.nanoTime() + ClientScenario.DEFAULT_MAX_DELAY_MS * 1_000_000;
                    if (!awaitEvents(step.awaitEvents(), until)) {
                        synchronized (this) {
                            problems.add("waited " + ClientScenario.DEFAULT_MAX_DELAY_MS + " ms for event "
                                    + step.awaitEvents() + "; the client had delivered " + eventsDelivered());
                        }
                        return;
                    }
                } else if (step.closeClient()) {
                    ClientCloser c;
                    synchronized (this) {
                        c = closer;
                    }
                    c.closeClient();
                }
            }
            switch (r.end()) {
                case "reset" -> wire.reset();
                case "open" -> {
                    synchronized (this) {
                        while (!finished && waitUntil(Long.MAX_VALUE)) {
                            // held open until the scenario ends
                        }
                    }
                }
                default -> wire.end();
            }
        } catch (IOException e) {
            // the client closed the connection: later writes have nobody to read them
        }
    }

    private boolean awaitReady() throws InterruptedException {
        synchronized (this) {
            while (!ready && !finished) {
                if (!waitUntil(Long.MAX_VALUE)) {
                    return false;
                }
            }
            return ready;
        }
    }

    private synchronized void end(Played p) {
        p.endedNanos = System.nanoTime();
        notifyAll();
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 205 -> "Reset Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    @Override
    public String toString() {
        return scenario.id() + " (" + key + ", " + String.format(Locale.ROOT, "%d attempts", played.size()) + ")";
    }
}
