package dev.ssekit.server.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * What carries one request and its response: the HTTP/1.x {@link Connection} it came on, or its own HTTP/2 stream
 * ({@link H2Stream}). The adapter ends responses, and drops them, through this, so that over HTTP/2 ending or dropping
 * one stream never touches the others of its connection. Confined to the event loop.
 */
interface Carrier {

    /** The carrier of a request that has just arrived (called once per request). */
    static Carrier of(HttpServerRequest request, Vertx vertx, long requestTimeoutMs) {
        return request.version() == HttpVersion.HTTP_2 ? new H2Stream(request, vertx, requestTimeoutMs)
                : Connection.of(request);
    }

    /** Nothing more is answered here (a response that ends it was started, or it is gone). */
    boolean closing();

    /** {@link dev.ssekit.server.SseCore#admit} let the head through: its body may be read. */
    void admitBody();

    /** A response has ended normally. */
    void responseEnded();

    /** The response being written is the last here; what is left of the request is dropped once it is written. */
    void closeAfter(Future<?> written);

    /** The response being written is the last here (it ends by closing: HTTP/1.0 streams). */
    void endsAfterResponse();

    /** Ends what is left once the last response was written (an HTTP/1.0 stream's close). */
    void close();

    /** Drops it now, queued bytes included (API-032). */
    void abort();

    /** HTTP/2: no connection-specific header fields may be sent (RFC 9113 8.2.2). */
    boolean http2();
}
