package dev.ssekit.spec;

/**
 * One numbered rule. {@code untestable} is null unless the rule cannot be observed, and then it says why.
 */
public record Requirement(String id, String level, String side, String title, String quote, String anchor,
        String section, String untestable) {

    public boolean isMust() {
        return "MUST".equals(level);
    }

    public boolean isTestable() {
        return untestable == null;
    }

    /** The area prefix of the ID: {@code PARSE} for {@code PARSE-004}. */
    public String area() {
        return id.substring(0, id.indexOf('-'));
    }
}
