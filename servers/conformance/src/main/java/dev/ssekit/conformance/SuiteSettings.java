package dev.ssekit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The server settings the suite assumes when a subject declares {@link Offer#SUITE_SETTINGS}: together they satisfy
 * the {@code config} of every stream vector. Plain values: each server's test applies them to its own configuration.
 *
 * @param allowedOrigins origins granted credentialed CORS requests
 * @param publishToken the bearer token that allows publishing to {@code /api/feed}
 * @param heartbeatMs the period of the comment line on a quiet stream
 * @param backlogBytes the bound of one connection's backlog, past which the server drops it
 * @param replayCapacity feed events kept for {@code Last-Event-ID}
 * @param retryMs the reconnection time the stream opens with
 */
public record SuiteSettings(Set<String> allowedOrigins, String publishToken, long heartbeatMs, int backlogBytes,
        int replayCapacity, long retryMs) {

    public static final String ALLOWED_ORIGIN = "http://127.0.0.1:8081";
    public static final String PUBLISH_TOKEN = "s3cret";
    public static final long HEARTBEAT_MS = 200;
    public static final int BACKLOG_BYTES = 65_536;
    public static final int REPLAY_CAPACITY = 1024;
    public static final long RETRY_MS = 1000;

    /** The settings; the constants above are its values, for annotations and help texts. */
    public static final SuiteSettings STANDARD = new SuiteSettings(Set.of(ALLOWED_ORIGIN), PUBLISH_TOKEN, HEARTBEAT_MS,
            BACKLOG_BYTES, REPLAY_CAPACITY, RETRY_MS);

    public SuiteSettings {
        allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /** Where these settings differ from a vector's {@code config}; empty when they satisfy it. */
    public List<String> mismatches(JsonNode config) {
        List<String> out = new ArrayList<>();
        if (config == null) {
            return out;
        }
        config.properties().forEach(f -> {
            String got = switch (f.getKey()) {
                case "allowedOrigins" -> {
                    List<String> want = new ArrayList<>();
                    f.getValue().forEach(n -> want.add(n.asText()));
                    yield Set.copyOf(want).equals(allowedOrigins) ? null : allowedOrigins.toString();
                }
                case "publishToken" -> f.getValue().asText().equals(publishToken) ? null : publishToken;
                case "heartbeatMs" -> f.getValue().asLong() == heartbeatMs ? null : String.valueOf(heartbeatMs);
                case "backlogBytes" -> f.getValue().asLong() == backlogBytes ? null : String.valueOf(backlogBytes);
                case "replayCapacity" -> f.getValue().asLong() == replayCapacity ? null : String.valueOf(replayCapacity);
                case "retryMs" -> f.getValue().asLong() == retryMs ? null : String.valueOf(retryMs);
                default -> "no such setting";
            };
            if (got != null) {
                out.add(f.getKey() + " " + f.getValue() + " wanted, " + got);
            }
        });
        return out;
    }

    /** One line for help texts and the results file. */
    public String describe() {
        return "allowedOrigins " + allowedOrigins + ", publishToken " + publishToken + ", heartbeatMs " + heartbeatMs
                + ", backlogBytes " + backlogBytes + ", replayCapacity " + replayCapacity;
    }
}
