package dev.ssekit.conformance;

import java.util.function.Predicate;

/**
 * The event stream the generic checks read: where it is, the document it carries when known, the run's bounds, and
 * the one full read most checks share, made on first use.
 */
final class CheckedStream {

    private final Target target;
    private final String path;
    private final String document;
    private final long timeoutMs;
    private final CaptureBound bound;
    private StreamCapture full;

    CheckedStream(Target target, String path, String document, long timeoutMs, CaptureBound bound) {
        this.target = target;
        this.path = path;
        this.document = document == null ? null : normalise(document);
        this.timeoutMs = timeoutMs;
        this.bound = bound;
    }

    /** CRLF and CR become LF: an event stream cannot carry a CR inside data (PARSE-031). */
    static String normalise(String doc) {
        return doc.replace("\r\n", "\n").replace('\r', '\n');
    }

    String path() {
        return path;
    }

    /** The document, LF-normalised; null when unknown. */
    String document() {
        return document;
    }

    long timeoutMs() {
        return timeoutMs;
    }

    /** The one full read, as a client that asks caches not to answer for it. */
    synchronized StreamCapture full() {
        if (full == null) {
            full = Exchange.run(target, HttpRequest.get(path).withHeader("Cache-Control", "no-cache"), timeoutMs, bound);
        }
        return full;
    }

    /** How the shared read was cut at the capture bound; null when it was not (or was not made). */
    synchronized String cut() {
        return full != null && full.cutAtBound() ? full.describeEnd() : null;
    }

    /** Another read of the stream, until it ends, {@code stop} holds or {@code timeoutMs} passes. */
    StreamCapture read(HttpRequest request, long timeoutMs, Predicate<StreamCapture> stop) {
        return Exchange.run(target, request, timeoutMs, bound, stop);
    }

    /** For a pass on a stream cut at the capture bound: what was judged is its prefix. */
    static String prefixNote(StreamCapture s) {
        return s.cutAtBound() ? "; judged as a prefix: the stream was " + s.describeEnd() : "";
    }

    static int count(String s, char ch) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ch) {
                n++;
            }
        }
        return n;
    }
}
