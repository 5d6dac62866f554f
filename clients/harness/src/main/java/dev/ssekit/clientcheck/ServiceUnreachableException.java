package dev.ssekit.clientcheck;

/** The test service did not answer {@code GET /} with a 2xx: nothing can be checked. */
public final class ServiceUnreachableException extends Exception {

    public ServiceUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
