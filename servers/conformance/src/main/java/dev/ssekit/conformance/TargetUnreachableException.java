package dev.ssekit.conformance;

/** Nothing answers at the target's address: no case can run. */
public final class TargetUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TargetUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
