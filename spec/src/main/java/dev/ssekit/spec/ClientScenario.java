package dev.ssekit.spec;

import java.util.List;
import java.util.Map;

/**
 * A client scenario ({@code vectors/client/<group>.json}, schema {@code vectors/client.schema.json}): what a
 * scripted server does on each connection attempt of an SSE client, and what the client must do. Attempts are
 * matched to requests in the order the requests arrive, whatever their path; {@link Attempt#path()} is judged.
 * {@link #needs()} lists the test-service capabilities without which the scenario is not-applicable.
 */
public record ClientScenario(String id, String group, String description, List<String> requirements,
        List<String> needs, Config config, List<Attempt> attempts, Expect expect) {

    /** The path every scenario's stream URL has; other names are redirect targets. */
    public static final String MAIN_PATH = "main";
    /** The initial delay the harness asks for when the scenario does not say otherwise. */
    public static final long DEFAULT_INITIAL_DELAY_MS = 100;
    /** Default upper bound of a reconnect's wait: generous, so a client with a default of a few seconds passes. */
    public static final long DEFAULT_MAX_DELAY_MS = 10_000;
    /** A reconnect may come this much before {@code delayMs.min}: the client sees the end after the server makes it. */
    public static final long DELAY_TOLERANCE_MS = 100;

    /** The title shown next to the ID: the description, one factual sentence. */
    public String title() {
        return description;
    }

    /** What the harness puts in the create-stream request. {@code initialDelayMs} null: left out. */
    public record Config(Long initialDelayMs, String lastEventId, Map<String, String> headers, String method, String body,
            boolean closeOnError) {
    }

    /** One attempt: exactly one of {@code response}, {@code redirect}, {@code drop} is set. */
    public record Attempt(String path, Delay delayMs, Request request, Response response, Redirect redirect, String drop) {
    }

    /** Bounds of the wait before an attempt, from the end of the previous one. */
    public record Delay(long min, long max) {
    }

    /**
     * What a request must carry; null members are not judged. {@code lastEventIdAbsent}: no Last-Event-ID at all;
     * else {@code lastEventId}, when set, is the exact bytes.
     */
    public record Request(String method, String accept, String cacheControl, boolean lastEventIdAbsent, byte[] lastEventId,
            Map<String, String> headers, String body) {

        public boolean judgesLastEventId() {
            return lastEventIdAbsent || lastEventId != null;
        }
    }

    /** {@code contentType} null: no Content-Type header. {@code end}: close, open or reset. */
    public record Response(int status, String contentType, Map<String, String> headers, boolean cors, List<Step> body,
            String end) {
    }

    public record Redirect(int status, String to) {
    }

    /** One body step; exactly one of bytes, pauseMs, awaitEvents, closeClient is set. */
    public record Step(byte[] bytes, boolean bytewise, Long pauseMs, Integer awaitEvents, boolean closeClient) {
    }

    /** {@code minErrors} 0 and {@code noFurtherAttemptMs} null when the scenario does not judge them. */
    public record Expect(List<ExpectedEvent> events, int minErrors, Long noFurtherAttemptMs) {
    }

    @Override
    public String toString() {
        return id;
    }
}
