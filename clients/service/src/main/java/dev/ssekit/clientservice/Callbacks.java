package dev.ssekit.clientservice;

/**
 * What an adapter reports to the harness about one stream. Calls may come from any thread; they are numbered in
 * the order they are made and posted one after the other, so the harness sees them in that order.
 */
public interface Callbacks {

    /** The client delivered an event; {@code type} and {@code id} may be null where the client has no such notion. */
    void event(String type, String data, String id);

    /** The client reported a comment line (capability {@code comments}). */
    void comment(String text);

    /** The client reported an error: a failed connection, a reconnect, a fatal error. */
    void error(String message);
}
