package dev.ssekit.clientcheck.junit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ClientConformanceTest {

    private static ResultEntry entry(Outcome o) {
        return new ResultEntry("client/retry/honoured", ResultEntry.VECTOR, List.of("PROC-013"), o, null, null, "why", 0);
    }

    @Test
    @DisplayName("[PROC-013] An unlisted failure fails its test; a pass, a not-applicable never do; a not-run aborts")
    void unlisted() {
        assertThrows(AssertionFailedError.class, () -> ClientConformance.conclude(entry(Outcome.FAIL), Map.of()));
        assertThrows(AssertionFailedError.class, () -> ClientConformance.conclude(entry(Outcome.NON_STRICT), Map.of()));
        assertDoesNotThrow(() -> ClientConformance.conclude(entry(Outcome.PASS), Map.of()));
        assertDoesNotThrow(() -> ClientConformance.conclude(entry(Outcome.NOT_APPLICABLE), Map.of()));
        assertThrows(TestAbortedException.class, () -> ClientConformance.conclude(entry(Outcome.NOT_RUN), Map.of()));
    }

    @Test
    @DisplayName("[PROC-013] A known failure passes its test while it fails, and fails it once it passes, unless it is 'sometimes'")
    void listed() {
        Map<String, String> known = Map.of("client/retry/honoured", "ignores retry");
        assertDoesNotThrow(() -> ClientConformance.conclude(entry(Outcome.FAIL), known));
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> ClientConformance.conclude(entry(Outcome.PASS), known));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("passes now"), e.getMessage());
        Map<String, String> sometimes = Map.of("client/retry/honoured", ClientConformance.SOMETIMES + "jittered delay");
        assertDoesNotThrow(() -> ClientConformance.conclude(entry(Outcome.PASS), sometimes));
        assertDoesNotThrow(() -> ClientConformance.conclude(entry(Outcome.FAIL), sometimes));
    }

    @Test
    @DisplayName("[PROC-013] A peer's changed finding is reported (aborted, with the change) and never fails the build")
    void peer() {
        Map<String, String> known = Map.of("client/retry/honoured", "ignores retry");
        TestAbortedException passes = assertThrows(TestAbortedException.class,
                () -> ClientConformance.conclude(entry(Outcome.PASS), known, false));
        org.junit.jupiter.api.Assertions.assertTrue(passes.getMessage().contains("passes now"), passes.getMessage());
        TestAbortedException fails = assertThrows(TestAbortedException.class,
                () -> ClientConformance.conclude(entry(Outcome.FAIL), Map.of(), false));
        org.junit.jupiter.api.Assertions.assertTrue(fails.getMessage().contains("why"), fails.getMessage());
        assertDoesNotThrow(() -> ClientConformance.conclude(entry(Outcome.FAIL), known, false));
        assertDoesNotThrow(() -> ClientConformance.conclude(entry(Outcome.PASS), Map.of(), false));
    }
}
