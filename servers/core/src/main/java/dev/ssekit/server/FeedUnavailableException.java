package dev.ssekit.server;

/** The feed's store could not take or give an event now; the message says why, for a 503's reason. */
public class FeedUnavailableException extends RuntimeException {

    public FeedUnavailableException(String reason) {
        super(reason);
    }

    public FeedUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
