package dev.ssekit.conformance;

/**
 * Hears how a long case is getting on ({@code 300 of 1000 cycles}), so that a runner can show it while the case runs;
 * {@code sse-kit check} prints it to stderr. Called on the case's own thread.
 */
@FunctionalInterface
public interface CheckListener {

    CheckListener NONE = (c, message) -> { };

    void progress(ConformanceCheck c, String message);
}
