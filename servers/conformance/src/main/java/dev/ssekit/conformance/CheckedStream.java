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
    private final Pacing pacing;
    private final String eventType;
    private StreamCapture full;
    private StreamCapture paced;

    CheckedStream(Target target, String path, String document, long timeoutMs, CaptureBound bound) {
        this(target, path, document, timeoutMs, bound, Pacing.given(0, "not looked for"), null);
    }

    /**
     * @param pacing whether {@code path} honours {@code interval} (then {@code path} is already the fast one) and the
     *        pace the user gave
     * @param eventType the event type the page listens for; null when not given
     */
    CheckedStream(Target target, String path, String document, long timeoutMs, CaptureBound bound, Pacing pacing,
            String eventType) {
        this.target = target;
        this.path = path;
        this.document = document == null ? null : normalise(document);
        this.timeoutMs = timeoutMs;
        this.bound = bound;
        this.pacing = pacing;
        this.eventType = eventType;
    }

    /** CRLF and CR become LF: an event stream cannot carry a CR inside data (PARSE-031). */
    static String normalise(String doc) {
        return doc.replace("\r\n", "\n").replace('\r', '\n');
    }

    Target target() {
        return target;
    }

    CaptureBound bound() {
        return bound;
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

    Pacing pacing() {
        return pacing;
    }

    /** The event type the page listens for; null when not given. */
    String eventType() {
        return eventType;
    }

    /**
     * The bound of the full read: the run's timeout, or, when the user gave the pace and the document is known, long
     * enough for every piece at that pace.
     */
    long fullReadMs() {
        if (pacing.paceMs() > 0 && document != null) {
            long pieces = document.codePoints().count() + 1;
            return Math.max(timeoutMs, pieces * pacing.paceMs() + 2_000);
        }
        return timeoutMs;
    }

    /** The one full read, as a client that asks caches not to answer for it. */
    synchronized StreamCapture full() {
        if (full == null) {
            full = Exchange.run(target, HttpRequest.get(path).withHeader("Cache-Control", "no-cache"), fullReadMs(), bound);
        }
        return full;
    }

    /**
     * A read of the stream paced on purpose ({@code interval=}{@value Pacing#PACED_MS}) until three events came, for
     * the flush and head cases; null when the stream does not honour {@code interval}.
     */
    synchronized StreamCapture paced() {
        if (!pacing.honoured()) {
            return null;
        }
        if (paced == null) {
            String p = Pacing.withParam(path, "interval", String.valueOf(Pacing.PACED_MS));
            paced = Exchange.run(target, HttpRequest.get(p).withHeader("Cache-Control", "no-cache"),
                    Math.min(fullReadMs(), Math.max(5_000, 4 * Pacing.PACED_MS + 1_000)), bound, y -> y.events.size() >= 3);
        }
        return paced;
    }

    /**
     * For a stream the reader gave up on before it ended: how long it was read, at what pace its events came, and how
     * to wait for the rest ({@code --timeout-ms}, {@code --pace-ms}). {@code left} is how many pieces were not seen.
     */
    String cutByDeadline(StreamCapture s, long left) {
        long pace = pacing.paceMs() > 0 ? pacing.paceMs() : observedPaceMs(s);
        StringBuilder b = new StringBuilder("the stream was cut by the read deadline: " + s.describeEnd());
        if (pace > 0) {
            b.append("; it sends an event every ~").append(pace).append(" ms");
            if (left > 0) {
                long need = s.endAtMs + (left + 1) * pace + 2_000;
                b.append(", so the rest (").append(left).append(left == 1 ? " piece" : " pieces")
                        .append(") needs about ").append(need).append(" ms: --timeout-ms ").append(need)
                        .append(" waits for it").append(pacing.paceMs() > 0 ? "" : " (or --pace-ms " + pace + ")");
            }
        } else {
            b.append("; a longer --timeout-ms, or --pace-ms with the stream's pace, waits for the rest");
        }
        return b.toString();
    }

    /** The median gap between events, in ms; 0 when fewer than two came. */
    static long observedPaceMs(StreamCapture s) {
        if (s.events.size() < 2) {
            return 0;
        }
        long[] gaps = new long[s.events.size() - 1];
        for (int i = 1; i < s.events.size(); i++) {
            gaps[i - 1] = s.events.get(i).atMs() - s.events.get(i - 1).atMs();
        }
        java.util.Arrays.sort(gaps);
        return gaps[gaps.length / 2];
    }

    /** How the shared read was cut at the capture bound; null when it was not (or was not made). */
    synchronized String cut() {
        return full != null && full.cutAtBound() ? full.describeEnd() : null;
    }

    /**
     * How the shared read was cut by the deadline before the known document had all arrived, and how to wait for it;
     * null when it was not (or was not made).
     */
    synchronized String cutBeforeTheDocument() {
        if (full == null || document == null || full.closedByServer() || full.cutAtBound() || !full.isEventStream()) {
            return null;
        }
        long all = document.codePoints().count();
        long seen = full.concatenatedData().codePoints().count();
        return seen < all ? cutByDeadline(full, all - seen) : null;
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
