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

    ResultEntry flush(ConformanceCheck c) {
        StreamCapture s = x.full();
        if (s.events.isEmpty()) {
            if (s.cutAtBound()) {
                return Results.notRun(c, "no event among what was kept: the stream was " + s.describeEnd());
            }
            if (s.closedByServer()) {
                return Results.notApplicable(c, "the stream ended without any event (" + s.describeEnd() + ")");
            }
            return Results.failure(c, "the first event within " + x.timeoutMs() + " ms", "no event within " + x.timeoutMs()
                    + " ms (" + s.bodyBytes + " body bytes): nothing was due, or it waits in a buffer");
        }
        long first = s.events.get(0).atMs();
        if (s.closedByServer() && s.endAtMs >= 1000 && s.endAtMs - first < 50 && s.events.size() > 1) {
            return Results.failure(c, "events as they are written",
                    "all " + s.events.size() + " events arrived only as the response ended, after " + s.endAtMs + " ms");
        }
        return Results.pass(c, "the first event arrived after " + first + " ms, the headers after " + s.headersAtMs + " ms");
    }

    ResultEntry heartbeat(ConformanceCheck c) {
        StreamCapture s = x.full();
        if (!s.comments.isEmpty()) {
            return Results.pass(c, s.comments.size() + " comment lines, the first after " + s.comments.get(0).atMs() + " ms");
        }
        if (s.longestQuietMs >= HEARTBEAT_QUIET_MS && !s.closedByServer()) {
            return Results.failure(c, "a comment line within " + HEARTBEAT_QUIET_MS + " ms of quiet",
                    "the open stream sent nothing for " + s.longestQuietMs + " ms");
        }
        if (s.closedByServer()) {
            return Results.notApplicable(c, s.describeEnd() + ", with no quiet stretch of " + HEARTBEAT_QUIET_MS
                    + " ms to judge");
        }
        return Results.notRun(c, "no quiet stretch of " + HEARTBEAT_QUIET_MS + " ms was seen within " + x.timeoutMs()
                + " ms (longest " + s.longestQuietMs + " ms, " + s.describeEnd() + ")");
    }
}
