package dev.ssekit.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A torture vector: a careless or hostile client against a server under test. Either {@link #send()} holds the raw
 * steps of one connection and {@link #expected()} what must come back (see the spec README, "Torture vectors"), or
 * {@link #scenario()} names a procedure of the runner with its own {@link #params()} and expected members.
 * {@link #needs()} lists what the subject must offer for the vector to apply.
 */
public record TortureVector(String id, String group, String description, List<String> requirements, List<String> needs,
        List<Step> send, String scenario, JsonNode params, JsonNode expected) {

    public boolean isScenario() {
        return scenario != null;
    }

    /** One step on the connection; exactly one of its members is set. */
    public record Step(String text, byte[] bytes, Integer times, Long pauseMs, boolean shutdownOutput) {

        public static Step text(String text, int times) {
            return new Step(text, null, times, null, false);
        }

        public static Step bytes(byte[] bytes) {
            return new Step(null, bytes, null, null, false);
        }

        public static Step pause(long ms) {
            return new Step(null, null, null, ms, false);
        }

        public static Step halfClose() {
            return new Step(null, null, null, null, true);
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
