package dev.ssekit.spec.results;

import java.util.List;

/**
 * One case of a results file, keyed by vector or test ID. {@code expected} and {@code actual} are
 * escaped, human-readable renderings; {@code detail} carries the full failure text or the reason for
 * a not-run, not-applicable or untestable outcome.
 */
public record ResultEntry(String id, String kind, List<String> requirements, Outcome outcome, String expected,
        String actual, String detail, double durationMs) {

    public static final String VECTOR = "vector";
    public static final String TEST = "test";
}
