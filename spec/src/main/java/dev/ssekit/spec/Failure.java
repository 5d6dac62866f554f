package dev.ssekit.spec;

import java.util.List;

/**
 * Formats a failure the h2spec way: the case, the requirement sentence, then Expected and Actual.
 * <pre>
 * [PARSE-017] parse/id/nul-ignored
 *   -> If the field value does not contain U+0000 NULL, then set the last event ID buffer to the field value.
 *   Expected: lastEventId="1"
 *   Actual:   lastEventId="1\u00002"
 * </pre>
 */
public final class Failure {

    private Failure() {
    }

    /** Expected and actual are shown as given; callers escape values (see {@link Escapes}). */
    public static String format(List<String> requirementIds, String caseName, String expected, String actual) {
        StringBuilder b = new StringBuilder();
        b.append('[').append(String.join(",", requirementIds)).append("] ").append(caseName).append('\n');
        Requirements reqs = Requirements.load();
        for (String id : requirementIds) {
            String quote = reqs.find(id).map(Requirement::quote).orElse("(unknown requirement " + id + ")");
            b.append("  -> ").append(requirementIds.size() > 1 ? id + ": " : "").append(quote).append('\n');
        }
        b.append("  Expected: ").append(expected).append('\n');
        b.append("  Actual:   ").append(actual);
        return b.toString();
    }
}
