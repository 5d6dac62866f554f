package dev.ssekit.conformance;

import dev.ssekit.protocol.EventSourceModel.Next;
import dev.ssekit.protocol.ParsedEvent;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.ExpectedEvent;
import dev.ssekit.spec.results.ResultEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the stream gives a browser that reconnects: the reconnection time, ids to resume from, resuming with
 * {@code Last-Event-ID}, and the 204 that stops it. What the browser sends and does next comes from the kit's
 * client model ({@link Browser}), not from these checks.
 */
final class ReconnectChecks {

    private final CheckedStream x;
    /** The browser's reconnect after the stream ended, shared by the end and replay cases; see {@link #afterEnd()}. */
    private AfterEnd afterEnd;

    ReconnectChecks(CheckedStream x) {
        this.x = x;
    }

    /** What a browser does once the stream ended, and what its reconnect got; {@code why} when it does not reconnect. */
    private record AfterEnd(String why, String what, long waitMs, StreamCapture answer, Next then, Browser browser) {
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

    /** The events' types against the one the page listens for ({@code addEventListener(type, ...)}). */
    ResultEntry eventType(ConformanceCheck c) {
        StreamCapture s = x.full();
        if (s.events.isEmpty()) {
            return Results.notApplicable(c, "no event arrived (" + s.summary() + ")");
        }
        Map<String, Integer> types = new LinkedHashMap<>();
        s.events.forEach(e -> types.merge(e.value().type(), 1, Integer::sum));
        String seen = types.entrySet().stream().map(e -> Escapes.quote(e.getKey()) + " x" + e.getValue())
                .collect(Collectors.joining(", "));
        String want = x.eventType();
        if (want == null) {
            return Results.info(c, "the events' types: " + seen + "; a page sees only the type it listens for"
                    + " (onmessage: \"message\"), and sse-kit check --event TYPE checks it");
        }
        int have = types.getOrDefault(want, 0);
        if (have == 0) {
            return Results.failure(c, "events of type " + Escapes.quote(want) + " (the page listens for it)",
                    "none of " + s.events.size() + " events: their types are " + seen + ", so a page that listens with"
                            + " addEventListener(" + Escapes.quote(want) + ", ...) shows nothing");
        }
        return Results.pass(c, have + " of " + s.events.size() + " events have type " + Escapes.quote(want)
                + (have == s.events.size() ? "" : " (all types: " + seen + ")"));
    }

    /** A browser reads {@code k} events, loses the connection, and reconnects with what the model sends. */
    ResultEntry resume(ConformanceCheck c) {
        StreamCapture s = x.full();
        if (s.events.isEmpty()) {
            return Results.notApplicable(c, "no event arrived (" + s.summary() + ")");
        }
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
        AfterEnd r = afterEnd();
        if (r.why() != null) {
            return Results.notRun(c, r.why());
        }
        StreamCapture a = r.answer();
        if (a.status == 204 && r.then() == Next.STOP) {
            return Results.pass(c, s.describeEnd() + "; " + r.what() + ", after the " + r.waitMs() + " ms a browser waits,"
                    + " got 204: EventSource stops (readyState " + r.browser().readyState() + ")");
        }
        String after;
        if (r.then() == Next.STOP) {
            after = ", which stops EventSource as an error instead";
        } else if (replays(s, a)) {
            after = ": the whole stream again (" + a.events.size() + " events from the first), so a page that appends"
                    + " e.data repeats its text every ~" + r.waitMs() + " ms, for ever";
        } else {
            after = ": the browser would get the stream again and again";
        }
        return Results.failure(c, r.what() + " gets 204 No Content, so EventSource stops", a.summary() + after);
    }

    /**
     * What the reconnect after the end adds to the page's text: nothing is right; the data again means the page shows
     * the document again and again, every reconnection time, which breaks "the page's text equals the document".
     */
    ResultEntry replay(ConformanceCheck c) {
        StreamCapture s = x.full();
        if (!s.closedByServer()) {
            return Results.notRun(c, "the stream did not end (" + s.describeEnd() + "), so there is no reconnect after the"
                    + " end to judge");
        }
        AfterEnd r = afterEnd();
        if (r.why() != null) {
            return Results.notRun(c, r.why());
        }
        StreamCapture a = r.answer();
        String added = a.status == 200 && a.isEventStream() ? a.concatenatedData() : "";
        if (added.isEmpty()) {
            return Results.pass(c, r.what() + " got " + (a.hasStatus() ? "status " + a.status : a.summary())
                    + ": nothing added to the page's text");
        }
        return Results.failure(c, r.what() + " adds nothing to the page's text (204, or no data)",
                "it got " + a.events.size() + " events with the data " + Escapes.quote(RequestVectors.clip(added))
                        + (replays(s, a) ? " (the whole stream again)" : "") + ": a page that appends e.data shows the"
                        + " text again every ~" + r.waitMs() + " ms, for ever, and EventSource never stops");
    }

    /** Whether the reconnect's events begin as the stream's own did. */
    private static boolean replays(StreamCapture s, StreamCapture a) {
        int n = Math.min(s.events.size(), a.events.size());
        return n > 0 && a.eventList().subList(0, n).equals(s.eventList().subList(0, n));
    }

    private synchronized AfterEnd afterEnd() {
        if (afterEnd != null) {
            return afterEnd;
        }
        StreamCapture s = x.full();
        Browser browser = new Browser();
        Next next = browser.open(s);
        if (next == Next.READ_BODY) {
            next = browser.ended();
        }
        if (next != Next.RECONNECT || !browser.reconnect()) {
            afterEnd = new AfterEnd("a browser would not reconnect after this stream (readyState " + browser.readyState()
                    + ")", null, 0, null, null, browser);
            return afterEnd;
        }
        String lastId = browser.lastEventId();
        long wait = browser.reconnectionTime();
        int want = Math.max(1, s.events.size());
        StreamCapture a = x.read(browser.request(x.path()), Math.min(x.timeoutMs(), 5_000), y -> y.events.size() >= want);
        Next then = browser.open(a);
        String what = "the reconnect" + (lastId.isEmpty() ? "" : " with Last-Event-ID: " + Escapes.quote(lastId));
        afterEnd = new AfterEnd(null, what, wait, a, then, browser);
        return afterEnd;
    }
}
