package dev.ssekit.conformance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How fast the checked stream goes, and whether the {@code interval} query parameter (the contract's, which the
 * framework subjects copy) sets its pace: then the document is read at {@code interval=0} and the flush and head
 * cases read a stream paced on purpose, which is evidence; otherwise the stream is read at its own pace, which the
 * user can state ({@code --pace-ms}) so that the read waits long enough for the whole document.
 *
 * @param honoured the target answers {@code interval=0} with events at once (or is fast anyway)
 * @param paceMs the pace the user gave, in ms per event; 0 when not given
 * @param note what was found, for the results' meta and the run's header
 */
record Pacing(boolean honoured, long paceMs, String note) {

    /** The pace of the paced read of the flush and head cases: long enough to tell a flush from a buffer. */
    static final long PACED_MS = 600;
    /** How many events of the detection read must come at once for {@code interval} to count as honoured. */
    private static final int DETECT_EVENTS = 3;
    private static final long AT_ONCE_MS = 300;

    /** The contract honours {@code interval}: nothing to look for. */
    static Pacing contract(long paceMs) {
        return new Pacing(true, paceMs, "honoured (the kit's contract)");
    }

    /** The user's URL names its own interval, or the pace is given: the stream is read as it is. */
    static Pacing given(long paceMs, String why) {
        return new Pacing(false, paceMs, why);
    }

    /** Reads {@code path} with {@code interval=0} until a few events come; honoured when they come at once. */
    static Pacing detect(Target target, String path, long waitMs, CaptureBound bound, long paceMs) {
        String fast = withParam(path, "interval", "0");
        StreamCapture c = Exchange.run(target, HttpRequest.get(fast).withHeader("Cache-Control", "no-cache"), waitMs, bound,
                y -> y.events.size() >= DETECT_EVENTS);
        if (c.status != 200 || !c.isEventStream()) {
            return new Pacing(false, paceMs, "GET " + fast + " answered " + Features.statusOf(c)
                    + ", so the stream is read at its own pace");
        }
        if (c.events.size() >= DETECT_EVENTS && c.events.get(DETECT_EVENTS - 1).atMs() - c.events.get(0).atMs() < AT_ONCE_MS) {
            return new Pacing(true, paceMs, "interval=0 gives " + DETECT_EVENTS + " events at once: the document is read"
                    + " at interval=0 and the flush and head cases read it at interval=" + PACED_MS);
        }
        return new Pacing(false, paceMs, "interval=0 gave " + c.events.size() + " events in " + c.endAtMs
                + " ms, so the stream is read at its own pace" + (paceMs > 0 ? " (given: " + paceMs + " ms an event)"
                        : " (--pace-ms says it, so that the read waits for the whole document)"));
    }

    /** {@code path} with the query parameter {@code name} set to {@code value}, replacing any it has. */
    static String withParam(String path, String name, String value) {
        int q = path.indexOf('?');
        String base = q < 0 ? path : path.substring(0, q);
        StringBuilder query = new StringBuilder();
        if (q >= 0) {
            for (String pair : path.substring(q + 1).split("&")) {
                if (!pair.isEmpty() && !pair.equals(name) && !pair.startsWith(name + "=")) {
                    query.append(query.length() == 0 ? "" : "&").append(pair);
                }
            }
        }
        // a space as %20, which every server reads as a space (a + is a space only to form decoders)
        query.append(query.length() == 0 ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        return base + "?" + query;
    }

    /** Whether {@code path}'s query names {@code name}. */
    static boolean hasParam(String path, String name) {
        int q = path.indexOf('?');
        if (q < 0) {
            return false;
        }
        for (String pair : path.substring(q + 1).split("&")) {
            if (pair.equals(name) || pair.startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }
}
