package dev.ssekit.conformance;

import dev.ssekit.protocol.EventSourceModel.Next;
import dev.ssekit.protocol.ParsedEvent;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.ExpectedEvent;
import dev.ssekit.spec.results.ResultEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the stream gives a browser that reconnects: the reconnection time, ids to resume from, resuming with
 * {@code Last-Event-ID}, and the 204 that stops it. What the browser sends and does next comes from the kit's
 * client model ({@link Browser}), not from these checks.
 */
final class ReconnectChecks {

    private final CheckedStream x;

    ReconnectChecks(CheckedStream x) {
        this.x = x;
    }

    ResultEntry retry(ConformanceCheck c) {
        StreamCapture s = x.full();
        if (s.retries.isEmpty()) {
            // MAY: a stream without retry leaves the browser's default in place, which is no failure.
            return Results.info(c, "no retry field: the browser uses its own reconnection time");
        }
        Browser browser = new Browser();
        browser.open(s);
        return Results.pass(c, "retry: " + s.retries.get(0).value() + (s.opensWithRetry() ? " (first line)" : "")
                + "; a browser then waits " + browser.reconnectionTime() + " ms before it reconnects");
    }

    ResultEntry ids(ConformanceCheck c) {
        StreamCapture s = x.full();
        if (s.events.isEmpty()) {
            return Results.notApplicable(c, "no event arrived (" + s.summary() + ")");
        }
        long without = s.events.stream().filter(e -> e.value().lastEventId().isEmpty()).count();
        if (without == s.events.size()) {
            return Results.failure(c, "id fields on the events",
                    "none of " + s.events.size() + " events has an id, so a reconnecting browser sends no Last-Event-ID and cannot resume");
        }
        return Results.pass(c, (s.events.size() - without) + " of " + s.events.size() + " events have a last event ID");
    }

    /** A browser reads {@code k} events, loses the connection, and reconnects with what the model sends. */
    ResultEntry resume(ConformanceCheck c) {
        StreamCapture s = x.full();
        if (s.events.stream().allMatch(e -> e.value().lastEventId().isEmpty())) {
            return Results.notApplicable(c, "the stream sends no ids, so there is nothing to resume from (see check/generic/ids)");
        }
        int n = s.events.size();
        if (n < 2) {
            return Results.notApplicable(c, "too few events to cut the stream and resume (" + n + ")");
        }
        int k = Math.max(1, Math.min(3, n / 2));
        Browser browser = new Browser();
        StreamCapture first = x.read(browser.request(x.path()), x.timeoutMs(), y -> y.events.size() >= k);
        if (first.events.size() < k) {
            return Results.notRun(c, "the second read got " + first.events.size() + " of " + k + " events (" + first.describeEnd() + ")");
        }
        if (browser.openUntil(first, k) != Next.RECONNECT || !browser.reconnect()) {
            return Results.notRun(c, "a browser would not reconnect after the second read (" + first.summary() + ", readyState "
                    + browser.readyState() + ")");
        }
        String lastId = browser.lastEventId();
        if (lastId.isEmpty()) {
            return Results.notApplicable(c, "event " + k + " carries no id, so a reconnect would send no Last-Event-ID");
        }
        Set<String> seen = new HashSet<>();
        browser.events().forEach(e -> seen.add(e.lastEventId()));
        boolean finite = s.closedByServer();
        int want = finite ? n - k : 3;
        StreamCapture again = x.read(browser.request(x.path()), x.timeoutMs(), y -> y.events.size() >= want && !finite);
        List<String> repeated = new ArrayList<>();
        for (StreamCapture.Timed<ParsedEvent> e : again.events) {
            String id = e.value().lastEventId();
            if (seen.contains(id) && !id.isEmpty()) {
                repeated.add(id);
            }
        }
        String request = "Last-Event-ID: " + Escapes.quote(lastId) + " after " + k + " events";
        if (!repeated.isEmpty()) {
            return Results.failure(c, request + ": no event already seen",
                    "repeated ids " + repeated + "; got " + StreamCapture.describe(again.eventList()));
        }
        if (finite && again.cutAtBound()) {
            return Results.notRun(c, request + ": the rest of the stream is needed, but it was " + again.describeEnd());
        }
        if (finite) {
            List<ExpectedEvent> expected = s.eventList().subList(k, n);
            List<ExpectedEvent> got = again.eventList();
            if (!got.equals(expected)) {
                return Results.failure(c, request + ": " + StreamCapture.describe(expected),
                        "status " + again.status + ", " + StreamCapture.describe(got));
            }
            return Results.pass(c, request + ": the remaining " + expected.size() + " events, none repeated, none lost");
        }
        if (again.events.isEmpty()) {
            return Results.failure(c, request + ": the stream continues", again.summary());
        }
        return Results.pass(c, request + ": continued with id " + Escapes.quote(again.events.get(0).value().lastEventId())
                + ", nothing repeated");
    }

    /** The stream ended: a browser reconnects as the model says, and the answer must stop it with 204 (AUTH-003). */
    ResultEntry end(ConformanceCheck c) {
        StreamCapture s = x.full();
        if (s.cutAtBound()) {
            return Results.notRun(c, "the end of the stream is needed, but the stream was " + s.describeEnd());
        }
        if (!s.closedByServer()) {
            return Results.info(c, "the stream was " + s.describeEnd() + "; a live stream may never end");
        }
        Browser browser = new Browser();
        Next next = browser.open(s);
        if (next == Next.READ_BODY) {
            next = browser.ended();
        }
        if (next != Next.RECONNECT || !browser.reconnect()) {
            return Results.notRun(c, "a browser would not reconnect after this stream (readyState " + browser.readyState() + ")");
        }
        String lastId = browser.lastEventId();
        long wait = browser.reconnectionTime();
        StreamCapture a = x.read(browser.request(x.path()), Math.min(x.timeoutMs(), 5_000), y -> !y.events.isEmpty());
        Next then = browser.open(a);
        String what = "the reconnect" + (lastId.isEmpty() ? "" : " with Last-Event-ID: " + Escapes.quote(lastId));
        if (a.status == 204 && then == Next.STOP) {
            return Results.pass(c, s.describeEnd() + "; " + what + ", after the " + wait + " ms a browser waits, got 204:"
                    + " EventSource stops (readyState " + browser.readyState() + ")");
        }
        String after = then == Next.STOP ? ", which stops EventSource as an error instead"
                : ": the browser would get the stream again and again";
        return Results.failure(c, what + " gets 204 No Content, so EventSource stops", a.summary() + after);
    }
}
