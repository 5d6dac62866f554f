package dev.ssekit.clientservice;

import java.util.List;

/** Wraps one SSE client for the test service: what it can do and how to start an instance of it. */
public interface ClientAdapter {

    /** The client's name and version, for logs and the status resource. */
    String name();

    /** The capabilities the status resource announces (LaunchDarkly's names, and the kit's {@code sse-kit:} ones). */
    List<String> capabilities();

    /**
     * Starts a client on {@code request.streamUrl()} reporting to {@code callbacks}. Throw
     * {@link IllegalArgumentException} for a request the client cannot honour (the harness gets a 400 with its
     * message).
     */
    StreamClient open(StreamRequest request, Callbacks callbacks) throws Exception;

    /**
     * Releases what the adapter shares between its streams (an HTTP client, an event loop); the service calls it once
     * when it stops, after closing every stream.
     */
    default void close() {
    }
}
