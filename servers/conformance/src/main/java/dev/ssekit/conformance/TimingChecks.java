package dev.ssekit.conformance;

import dev.ssekit.spec.results.ResultEntry;

/** When things arrive: events as they are written, comment lines while the stream is quiet. */
final class TimingChecks {

    /** How long a stream must stay quiet before a missing heartbeat counts: AUTH-002's "every 15 seconds or so". */
    static final long HEARTBEAT_QUIET_MS = 20_000;

    private final CheckedStream x;

    TimingChecks(CheckedStream x) {
        this.x = x;
    }

    /** Events closer together than this came in one piece. */
    static final long TOGETHER_MS = 50;
    /** A head this late, that comes with the first event, was held back for it. */
    static final long HEAD_LATE_MS = 500;

    /**
     * Judged on a stream paced on purpose where the stream honours {@code interval} (evidence: events due
     * {@value Pacing#PACED_MS} ms apart must come apart), else on the full read at the server's own pace. Events that
     * all came together within a second give no evidence either way: info, not pass.
     */
    ResultEntry flush(ConformanceCheck c) {
        StreamCapture p = x.paced();
        if (p != null && p.status == 200 && p.isEventStream() && p.events.size() >= 2) {
            long first = p.events.get(0).atMs();
            long spread = p.events.get(p.events.size() - 1).atMs() - first;
            String times = times(p);
            if (spread >= Pacing.PACED_MS / 2) {
                return Results.pass(c, "paced at interval=" + Pacing.PACED_MS + ": " + times + ", as they were written");
            }
            if (first >= Pacing.PACED_MS) {
                return Results.failure(c, "events due " + Pacing.PACED_MS + " ms apart (interval=" + Pacing.PACED_MS
                        + ") arrive apart", p.events.size() + " events arrived together: " + times
                        + "; they waited in a buffer");
            }
        }
        StreamCapture s = x.full();
        if (s.events.isEmpty()) {
            if (s.cutAtBound()) {
                return Results.notRun(c, "no event among what was kept: the stream was " + s.describeEnd());
            }
            if (s.closedByServer()) {
                return Results.notApplicable(c, "the stream ended without any event (" + s.describeEnd() + ")");
            }
            return Results.failure(c, "the first event within " + s.endAtMs + " ms", "no event within " + s.endAtMs
                    + " ms (the head after " + s.headersAtMs + " ms, " + s.bodyBytes + " body bytes): nothing was due,"
                    + " or it waits in a buffer");
        }
        long first = s.events.get(0).atMs();
        long last = s.events.get(s.events.size() - 1).atMs();
        if (s.closedByServer() && s.endAtMs >= 1000 && s.endAtMs - first < TOGETHER_MS && s.events.size() > 1) {
            return Results.failure(c, "events as they are written",
                    "all " + s.events.size() + " events arrived only as the response ended, after " + s.endAtMs + " ms"
                            + " (the head after " + s.headersAtMs + " ms)");
        }
        if (s.events.size() > 1 && last - first >= 4 * TOGETHER_MS) {
            return Results.pass(c, "at the stream's own pace: " + times(s));
        }
        return Results.info(c, "no evidence either way: " + times(s) + (s.events.size() > 1 ? ", all within "
                + (last - first) + " ms of each other" : "") + ", " + s.describeEnd() + "; events that come together are"
                + " what a flushing server sends when they are due together, and what a buffer sends (a stream paced by"
                + " the server, e.g. its interval parameter, would tell)");
    }

    /**
     * The head must not wait for the first event: until it comes, EventSource stays CONNECTING and the page's open
     * event waits. Judged where the first event is late (the paced read, or the server's own pace).
     */
    ResultEntry head(ConformanceCheck c) {
        StreamCapture p = x.paced();
        StreamCapture s = p != null && p.status == 200 && p.isEventStream() ? p : x.full();
        String where = s == p ? " (paced at interval=" + Pacing.PACED_MS + ")" : "";
        if (s.events.isEmpty()) {
            return Results.pass(c, "the head after " + s.headersAtMs + " ms" + where + ", before any event");
        }
        long first = s.events.get(0).atMs();
        if (s.headersAtMs >= HEAD_LATE_MS && first - s.headersAtMs <= TOGETHER_MS) {
            return Results.failure(c, "the response head at once, before the first event is due",
                    "the head came only with the first event, after " + s.headersAtMs + " ms" + where + ": until then"
                            + " EventSource stays CONNECTING (no open event, readyState 0)");
        }
        return Results.pass(c, "the head after " + s.headersAtMs + " ms, the first event after " + first + " ms" + where);
    }

    /** {@code the head after 1 ms, events after 2, 603, 1204 ms}. */
    private static String times(StreamCapture s) {
        StringBuilder b = new StringBuilder("the head after " + s.headersAtMs + " ms, ");
        b.append(s.events.size() == 1 ? "the event after " : "events after ");
        int shown = Math.min(s.events.size(), 5);
        for (int i = 0; i < shown; i++) {
            b.append(i == 0 ? "" : ", ").append(s.events.get(i).atMs());
        }
        if (s.events.size() > shown) {
            b.append(", ... ").append(s.events.get(s.events.size() - 1).atMs());
        }
        return b.append(" ms").toString();
    }

    ResultEntry heartbeat(ConformanceCheck c) {
        StreamCapture s = x.full();
        if (!s.comments.isEmpty()) {
            return Results.pass(c, s.comments.size() + " comment lines, the first after " + s.comments.get(0).atMs() + " ms");
        }
        if (s.longestQuietMs >= HEARTBEAT_QUIET_MS && !s.closedByServer()) {
            return Results.failure(c, "a comment line within " + HEARTBEAT_QUIET_MS + " ms of quiet",
                    s.bodyBytes == 0 ? "not a byte of the body arrived in " + s.longestQuietMs + " ms, no comment line"
                            + " either (the server sends none, or a proxy buffers them)"
                            : "the open stream sent nothing for " + s.longestQuietMs + " ms");
        }
        if (s.closedByServer()) {
            return Results.notApplicable(c, s.describeEnd() + ", with no quiet stretch of " + HEARTBEAT_QUIET_MS
                    + " ms to judge");
        }
        return Results.notRun(c, "no quiet stretch of " + HEARTBEAT_QUIET_MS + " ms was seen within " + x.timeoutMs()
                + " ms (longest " + s.longestQuietMs + " ms, " + s.describeEnd() + ")");
    }
}
