package dev.ssekit.torture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.TortureVector;
import dev.ssekit.spec.results.ResultEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * A torture vector that one connection cannot show (spec README, "Torture vectors"): one subclass per scenario, each
 * reading its typed parameters from the vector. Every wait is bounded by the vector's numbers or a stated cap, and
 * the Actual of every result states what was measured.
 */
abstract class Scenario {

    /** A client that never reads: a small receive window, so the server's buffers fill rather than the kernel's. */
    static final int SMALL_RCVBUF = 4096;
    static final int CONNECT_TIMEOUT_MS = 5_000;

    final TortureVector vector;
    final TortureSubject subject;
    final TortureOptions options;

    Scenario(TortureVector vector, TortureSubject subject, TortureOptions options) {
        this.vector = vector;
        this.subject = subject;
        this.options = options;
    }

    abstract ResultEntry run();

    /** The scenario class of a vector; null when this runner does not know it. */
    static Scenario of(TortureVector v, TortureSubject s, TortureOptions o) {
        return switch (v.scenario()) {
            case "dribble" -> new Dribble(v, s, o);
            case "slow-heads" -> new SlowHeads(v, s, o);
            case "stalled-readers" -> new StalledReaders(v, s, o);
            case "stalled-pipeline" -> new StalledPipeline(v, s, o);
            case "slow-subscribers" -> new SlowSubscribers(v, s, o);
            case "descriptor-exhaustion" -> new DescriptorExhaustion(v, s, o);
            case "churn" -> new Churn(v, s, o);
            default -> null;
        };
    }

    /** A request text of the vector with the subject's values filled in. */
    String text(String template) {
        return SendVectors.substitute(subject, template);
    }

    StatsProbe.Reading stats(long timeoutMs) {
        return StatsProbe.fetch(subject.host(), subject.port(), timeoutMs);
    }

    /** The request line's method and target, for Actual lines: {@code GET /docs/large.bin}. */
    static String requestLine(String request) {
        int eol = request.indexOf('\r');
        String line = eol < 0 ? request : request.substring(0, eol);
        return line.endsWith(" HTTP/1.1") ? line.substring(0, line.length() - 9) : line;
    }

    // ---- typed parameters -----------------------------------------------------------------------------------------

    JsonNode params() {
        return vector.params();
    }

    JsonNode expected() {
        return vector.expected();
    }

    /** A required member; a vector without it is not what this runner reads. */
    static JsonNode need(JsonNode parent, String where, String name) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw new BadParams(where + "." + name + " is missing");
        }
        return n;
    }

    static int needInt(JsonNode parent, String where, String name) {
        JsonNode n = need(parent, where, name);
        if (!n.canConvertToInt() || n.asInt() <= 0) {
            throw new BadParams(where + "." + name + " is not a positive integer: " + n);
        }
        return n.asInt();
    }

    static long needLong(JsonNode parent, String where, String name) {
        JsonNode n = need(parent, where, name);
        if (!n.canConvertToLong() || n.asLong() < 0) {
            throw new BadParams(where + "." + name + " is not a non-negative integer: " + n);
        }
        return n.asLong();
    }

    static String needText(JsonNode parent, String where, String name) {
        JsonNode n = need(parent, where, name);
        if (!n.isTextual()) {
            throw new BadParams(where + "." + name + " is not a string: " + n);
        }
        return n.asText();
    }

    static boolean flag(JsonNode parent, String name) {
        return parent.path(name).asBoolean(false);
    }

    static List<Integer> ints(JsonNode arr) {
        List<Integer> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asInt()));
        return out;
    }

    /** The vector's params or expected members are not what this runner reads. */
    static final class BadParams extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadParams(String message) {
            super(message);
        }
    }

    static String quote(String s) {
        return Escapes.quote(s);
    }
}
