package dev.ssekit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ssekit.spec.StreamVector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a scenario vector's {@code params} and {@code expected} into typed values, each member with its default
 * given by the caller, and remembers what was read: {@link #unread()} names members no scenario type knows, so that a
 * vector cannot carry a parameter the runner silently ignores.
 */
final class ScenarioParams {

    private final StreamVector vector;
    private final Section params;
    private final Section expected;

    ScenarioParams(StreamVector vector) {
        this.vector = vector;
        this.params = new Section("params", vector.params());
        this.expected = new Section("expected", vector.scenarioExpected());
    }

    StreamVector vector() {
        return vector;
    }

    Section params() {
        return params;
    }

    Section expected() {
        return expected;
    }

    /** {@code params.x}, {@code expected.y}: what the vector has that its scenario type did not read. */
    List<String> unread() {
        List<String> out = new ArrayList<>();
        out.addAll(params.unread());
        out.addAll(expected.unread());
        return out;
    }

    /** One object of the vector, read member by member. */
    static final class Section {
        private final String name;
        private final JsonNode node;
        private final Set<String> read = new HashSet<>();

        Section(String name, JsonNode node) {
            this.name = name;
            this.node = node == null ? MissingNode.getInstance() : node;
        }

        private JsonNode get(String member) {
            read.add(member);
            return node.path(member);
        }

        private <T> T read(String member, T fallback, Function<JsonNode, T> convert) {
            JsonNode n = get(member);
            return n.isMissingNode() || n.isNull() ? fallback : convert.apply(n);
        }

        long longOr(String member, long fallback) {
            return read(member, fallback, n -> require(member, n, n.canConvertToLong() && n.isIntegralNumber()).asLong());
        }

        int intOr(String member, int fallback) {
            return read(member, fallback, n -> require(member, n, n.canConvertToInt() && n.isIntegralNumber()).asInt());
        }

        boolean boolOr(String member, boolean fallback) {
            return read(member, fallback, n -> require(member, n, n.isBoolean()).asBoolean());
        }

        String textOr(String member, String fallback) {
            return read(member, fallback, n -> require(member, n, n.isTextual()).asText());
        }

        List<String> texts(String member, List<String> fallback) {
            return read(member, fallback, n -> {
                require(member, n, n.isArray());
                List<String> out = new ArrayList<>();
                n.forEach(x -> out.add(require(member, x, x.isTextual()).asText()));
                return List.copyOf(out);
            });
        }

        /** A JSON object of whole numbers, in file order. */
        Map<String, Long> longs(String member) {
            return read(member, Map.of(), n -> {
                require(member, n, n.isObject());
                Map<String, Long> out = new LinkedHashMap<>();
                n.properties().forEach(f -> out.put(f.getKey(), require(member, f.getValue(), f.getValue().isIntegralNumber()).asLong()));
                return out;
            });
        }

        /** A request object: {@code {method?, path, headers?, body?}}; GET when the method is not given. */
        StreamVector.Request request(String member) {
            JsonNode r = get(member);
            require(member, r, r.isObject() && r.path("path").isTextual());
            Map<String, String> headers = new LinkedHashMap<>();
            r.path("headers").properties().forEach(f -> headers.put(f.getKey(), f.getValue().asText()));
            return new StreamVector.Request(r.path("method").asText("GET"), r.path("path").asText(), headers,
                    r.hasNonNull("body") ? r.get("body").asText() : null);
        }

        private JsonNode require(String member, JsonNode n, boolean ok) {
            if (!ok) {
                throw new IllegalArgumentException(name + "." + member + " is " + n + ", which is not what the scenario takes");
            }
            return n;
        }

        List<String> unread() {
            List<String> out = new ArrayList<>();
            node.fieldNames().forEachRemaining(f -> {
                if (!read.contains(f)) {
                    out.add(name + "." + f);
                }
            });
            return out;
        }
    }
}
