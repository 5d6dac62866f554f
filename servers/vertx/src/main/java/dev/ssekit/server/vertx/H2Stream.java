package dev.ssekit.server.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * One HTTP/2 request and its response: the stream is all there is to end or drop; the connection and its other
 * streams go on. The h2 codec (Netty's, through Vert.x) frames the stream and bounds its body by flow control.
 */
final class H2Stream implements Carrier {

    /** RFC 9113 7: the stream is no longer needed (a client too slow for its stream, a failure). */
    static final long CANCEL = 0x8;

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final Vertx vertx;
    private final long timeoutMs;
    private boolean closing;

    H2Stream(HttpServerRequest request, Vertx vertx, long timeoutMs) {
        this.request = request;
        this.response = request.response();
        this.vertx = vertx;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public boolean closing() {
        return closing || response.closed();
    }

    @Override
    public void admitBody() {
        // DATA frames flow within the stream's window; nothing is held back.
    }

    @Override
    public void responseEnded() {
    }

    /**
     * After the answer, a body still coming is dropped unread as it arrives (flow control keeps it bounded) and the
     * stream is reset if it has not ended within the request deadline. Not RST_STREAM(NO_ERROR) at once (RFC 9113 8.1
     * allows it): the JDK's client then fails the exchange instead of reading the answer.
     */
    @Override
    public void closeAfter(Future<?> written) {
        closing = true;
        if (!request.isEnded()) {
            request.handler(dropped -> { });
            request.exceptionHandler(t -> { });
            long timer = vertx.setTimer(timeoutMs, id -> {
                if (!request.isEnded()) {
                    reset(CANCEL);
                }
            });
            request.endHandler(v -> vertx.cancelTimer(timer));
        }
    }

    @Override
    public void endsAfterResponse() {
        closing = true;
    }

    @Override
    public void close() {
        // The stream ended with its response.
    }

    @Override
    public void abort() {
        closing = true;
        reset(CANCEL);
    }

    @Override
    public boolean http2() {
        return true;
    }

    private void reset(long code) {
        if (!response.closed()) {
            response.reset(code); // fails when already reset: nothing more to do then
        }
    }
}
