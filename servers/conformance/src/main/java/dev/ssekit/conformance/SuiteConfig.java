package dev.ssekit.conformance;

import dev.ssekit.server.SseServerConfig;
import java.util.Set;

/** The server settings that satisfy the {@code config} of every stream vector. */
public final class SuiteConfig {

    public static final String ALLOWED_ORIGIN = "http://127.0.0.1:8081";
    public static final String PUBLISH_TOKEN = "s3cret";
    public static final long HEARTBEAT_MS = 200;
    public static final int BACKLOG_BYTES = 65_536;
    public static final int REPLAY_CAPACITY = 1024;
    public static final long RETRY_MS = 1000;

    private SuiteConfig() {
    }

    /** On 127.0.0.1, port 0 (a free port). */
    public static SseServerConfig config() {
        return SseServerConfig.defaults().withHost("127.0.0.1").withPort(0).withAllowedOrigins(Set.of(ALLOWED_ORIGIN))
                .withPublishToken(PUBLISH_TOKEN).withHeartbeatMs(HEARTBEAT_MS).withBacklogBytes(BACKLOG_BYTES)
                .withReplayCapacity(REPLAY_CAPACITY).withRetryMs(RETRY_MS);
    }

    /** One line for help texts. */
    public static String describe() {
        return "allowedOrigins [" + ALLOWED_ORIGIN + "], publishToken " + PUBLISH_TOKEN + ", heartbeatMs " + HEARTBEAT_MS
                + ", backlogBytes " + BACKLOG_BYTES + ", replayCapacity " + REPLAY_CAPACITY;
    }
}
