package dev.ssekit.protocol;

/** Receives what an {@link EventStreamParser} finds, on the thread that feeds it. */
@FunctionalInterface
public interface EventStreamListener {

    /** A dispatched event (a blank line ended an event with data). */
    void onEvent(ParsedEvent event);

    /**
     * A valid {@code retry} field set the reconnection time (PARSE-019): called for each one, in stream order.
     * Values above {@link Long#MAX_VALUE} arrive as {@link Long#MAX_VALUE}.
     */
    default void onRetry(long millis) {
    }

    /**
     * A comment line. {@code text} is what follows the colon, with one leading space removed as for field values,
     * so {@code ": ping"} gives {@code "ping"}. The HTML processing model ignores comments (PARSE-008); this is for
     * tools that want to see heartbeats.
     */
    default void onComment(String text) {
    }
}
