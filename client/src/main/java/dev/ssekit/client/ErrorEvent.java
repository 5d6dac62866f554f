package dev.ssekit.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code error} event, with what a browser does not tell: why, and what happens next. When
 * {@link #willReconnect()}, readyState is CONNECTING and the next attempt starts after {@link #reconnectDelay()};
 * otherwise readyState is CLOSED and the EventSource is done.
 *
 * @param reason why the connection ended or failed
 * @param message one line for a person, naming what was received (status, Content-Type, the I/O error, the limit)
 * @param url the URL of the request that failed (after the redirects followed so far)
 * @param status the response's status, or 0 when no response was received
 * @param contentType the response's {@code Content-Type}, or null when there was none or no response
 * @param cause the exception behind it (an {@link java.io.IOException}, a
 *     {@link dev.ssekit.protocol.LimitExceededException}), or null
 * @param reconnectDelay how long the client waits before the next attempt, or null when it will not reconnect
 */
public record ErrorEvent(Reason reason, String message, URI url, int status, String contentType, Throwable cause,
        Duration reconnectDelay) {

    /** Why the error event fired. */
    public enum Reason {
        /** The announced stream ended, gracefully or not (PROC-011): reconnects. */
        END_OF_STREAM(false),
        /** The request or the body failed with an I/O error: refused, reset, TLS (PROC-009): reconnects. */
        NETWORK_ERROR(false),
        /** Nothing arrived within the read timeout, before the response or between body chunks: reconnects. */
        READ_TIMEOUT(false),
        /** A status other than 200, 204 and redirects without {@code Location} included (PROC-005): fails for good. */
        HTTP_STATUS(true),
        /** A 200 whose Content-Type is not {@code text/event-stream} (PROC-006): fails for good. */
        CONTENT_TYPE(true),
        /** More redirects than the builder's {@code maxRedirects}: fails for good (retrying is futile, PROC-009). */
        TOO_MANY_REDIRECTS(true),
        /** A redirect whose {@code Location} is not an http or https URL: fails for good. */
        BAD_REDIRECT(true),
        /** The stream went past a {@link dev.ssekit.protocol.ParserLimits} limit, named in the cause: fails for good. */
        LIMIT_EXCEEDED(true);

        private final boolean fatal;

        Reason(boolean fatal) {
            this.fatal = fatal;
        }

        /** True when this reason fails the connection for good (readyState CLOSED). */
        public boolean fatal() {
            return fatal;
        }
    }

    public ErrorEvent {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(url, "url");
    }

    /** True when another attempt follows after {@link #reconnectDelay()}; false when readyState is CLOSED for good. */
    public boolean willReconnect() {
        return reconnectDelay != null;
    }
}
