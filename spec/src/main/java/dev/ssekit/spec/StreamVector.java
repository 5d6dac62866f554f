package dev.ssekit.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A stream vector: an HTTP exchange with a server that follows {@code contract.md}. It has either a
 * {@link #request()} with an {@link #expected()} response, or a {@link #scenario()} whose {@link #params()} and
 * {@link #scenarioExpected()} are that scenario's own members (see the spec README, "Stream vectors").
 * {@code config} is null when the vector needs no particular server settings.
 */
public record StreamVector(String id, String group, String description, List<String> requirements, JsonNode config,
        Request request, Expected expected, String scenario, JsonNode params, JsonNode scenarioExpected) {

    public boolean isScenario() {
        return scenario != null;
    }

    /** One request: method, path with query, headers in file order (empty when none), body (null when none). */
    public record Request(String method, String path, Map<String, String> headers, String body) {
    }

    /**
     * What a request must get back. Null or empty members are not checked; {@code events} is null when the
     * vector does not list them (an empty list means the body has no event).
     */
    public record Expected(Integer status, Map<String, String> headers, Map<String, List<String>> headerTokens,
            List<String> absentHeaders, boolean opensWithRetry, List<ExpectedEvent> events, String end,
            List<String> bodyContains, List<String> jsonFields) {
    }

    @Override
    public String toString() {
        return id;
    }
}
