package dev.ssekit.conformance;

import dev.ssekit.protocol.ParsedEvent;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.ExpectedEvent;
import dev.ssekit.spec.results.ResultEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks any event-stream URL can be put to, as h2spec does for HTTP/2 servers: one read of the stream (bounded by
 * the timeout and the capture bound) answers most of them, a reconnect or two the rest. When the document the stream
 * carries is known (the contract's probe, or one the user names), the {@code check/document/*} cases compare it piece
 * by piece. Only the status and Content-Type cases judge a response that is not an event stream; the others are then
 * not-run (KIT-014). A stream cut at the capture bound is judged as a prefix: a case that needs its end or the whole
 * document is then not-run (KIT-012).
 */
final class GenericChecks {

    static final String KIND = ResultEntry.TEST;
    /** How long a stream must stay quiet before a missing heartbeat counts: AUTH-002's "every 15 seconds or so". */
    static final long HEARTBEAT_QUIET_MS = 20_000;
    /** A stream still producing this close to the deadline may not be finished: its end is not judged. */
    static final long END_MARGIN_MS = 2_000;

    private final Target target;
    private final String streamPath;
    private final String document;
    private final long timeoutMs;
    private final CaptureBound bound;
    private StreamCapture full;

    GenericChecks(Target target, String streamPath, String document, long timeoutMs, CaptureBound bound) {
        this.target = target;
        this.streamPath = streamPath;
        this.document = document == null ? null : normalise(document);
        this.timeoutMs = timeoutMs;
        this.bound = bound;
    }

    /** CRLF and CR become LF: an event stream cannot carry a CR inside data (PARSE-031). */
    static String normalise(String doc) {
        return doc.replace("\r\n", "\n").replace('\r', '\n');
    }

    List<ConformanceCheck> checks() {
        List<ConformanceCheck> list = new ArrayList<>();
        add(list, "check/generic/status", List.of("AUTH-001"), "The event stream answers 200 OK.", this::status);
        add(list, "check/generic/content-type", List.of("AUTH-001"),
                "The Content-Type is text/event-stream (parameters aside).", this::contentType);
        add(list, "check/generic/charset", List.of("PARSE-030"),
                "A charset parameter, if present, says utf-8: an event stream is always UTF-8.", onStream(this::charset));
        add(list, "check/generic/no-store", List.of("AUTH-004"),
                "Cache-Control keeps caches from storing the stream (no-store or no-cache).", onStream(this::noStore));
        add(list, "check/generic/parse", List.of("AUTH-001"),
                "The body parses line by line within the parser's limits (1 MiB lines, 8 MiB events).", onStream(this::parse));
        add(list, "check/generic/utf-8", List.of("PARSE-030"), "The body is valid UTF-8.", onStream(this::utf8));
        add(list, "check/generic/flush", List.of("AUTH-005"),
                "Events arrive as they are written, not all at once when the response ends.", onStream(this::flush));
        add(list, "check/generic/retry", List.of("AUTH-006"), "The stream sets the reconnection time with retry.",
                onStream(this::retry));
        add(list, "check/generic/ids", List.of("AUTH-007"), "Events carry ids, so that a reconnect can resume.",
                onStream(this::ids));
        add(list, "check/generic/resume", List.of("AUTH-007"),
                "A reconnect with Last-Event-ID continues after that event: nothing repeated, nothing lost.", onStream(this::resume));
        add(list, "check/generic/heartbeat", List.of("AUTH-002"),
                "A quiet stream sends a comment line every 15 seconds or so.", onStream(this::heartbeat));
        add(list, "check/generic/end", List.of("AUTH-003"),
                "A stream that ends answers the browser's reconnect with 204, so EventSource stops.", onStream(this::end));
        add(list, "check/document/round-trip", List.of("API-008"),
                "The events' data, concatenated, equals the document exactly.", onDocument(this::roundTrip));
        add(list, "check/document/newlines", List.of("API-008", "ENC-001"),
                "Every newline of the document arrives in the data (a newline piece has e.data \"\\n\").",
                onDocument(this::newlines));
        add(list, "check/document/spaces", List.of("API-008", "ENC-002"),
                "Every space of the document arrives in the data, a lone or leading one included.", onDocument(this::spaces));
        add(list, "check/document/code-points", List.of("API-007", "ENC-005"),
                "Every character arrives whole: no half of a surrogate pair, no U+FFFD in its place.",
                onDocument(this::codePoints));
        add(list, "check/document/end", List.of("API-013"),
                "After the document's last piece the response ends.", onDocument(this::documentEnd));
        return list;
    }

    private static void add(List<ConformanceCheck> list, String id, List<String> reqs, String description,
            Function<ConformanceCheck, ResultEntry> body) {
        list.add(new ConformanceCheck(id, reqs, description, KIND, body));
    }

    /** A case that judges the stream's body: not-run, with the reason, when the response is not an event stream. */
    private Function<ConformanceCheck, ResultEntry> onStream(Function<ConformanceCheck, ResultEntry> body) {
        return c -> {
            String why = full().notAnEventStream();
            return why != null ? Results.notRun(c, why) : body.apply(c);
        };
    }

    /**
     * A case that compares the whole document: not-applicable without one; not-run on what is not an event stream or
     * was cut at the capture bound (a prefix cannot show the whole document).
     */
    private Function<ConformanceCheck, ResultEntry> onDocument(Function<ConformanceCheck, ResultEntry> body) {
        Function<ConformanceCheck, ResultEntry> judged = onStream(c -> {
            StreamCapture s = full();
            if (s.cutAtBound()) {
                return Results.notRun(c, "the whole document is needed, but the stream was " + s.describeEnd()
                        + " (" + s.events.size() + " events kept)");
            }
            if (s.events.isEmpty()) {
                return Results.failure(c, "the document as events", s.summary());
            }
            return body.apply(c);
        });
        return c -> document == null ? Results.notApplicable(c, "the document behind " + streamPath
                + " is unknown (the contract's doc=probe is not offered; sse-kit check --document FILE names one)")
                : judged.apply(c);
    }

    /** How the shared read was cut at the capture bound; null when it was not (or was not made). */
    synchronized String streamCut() {
        return full != null && full.cutAtBound() ? full.describeEnd() : null;
    }

    /** The one full read most checks share, made on first use. */
    private synchronized StreamCapture full() {
        if (full == null) {
            full = Exchange.run(target, HttpRequest.get(streamPath).withHeader("Cache-Control", "no-cache"), timeoutMs, bound);
        }
        return full;
    }

    private ResultEntry status(ConformanceCheck c) {
        StreamCapture s = full();
        if (s.status == 200) {
            return Results.pass(c, "GET " + streamPath + ": 200 " + s.reason);
        }
        return Results.failure(c, "status 200", s.hasStatus() ? "status " + s.status + " " + s.reason : s.noResponse());
    }

    private ResultEntry contentType(ConformanceCheck c) {
        StreamCapture s = full();
        if (!s.hasStatus()) {
            return Results.failure(c, "Content-Type: text/event-stream", s.noResponse());
        }
        if (s.isEventStream()) {
            return Results.pass(c, "Content-Type: " + s.header("Content-Type"));
        }
        String ct = s.header("Content-Type");
        return Results.failure(c, "Content-Type: text/event-stream", ct == null ? "no Content-Type" : "Content-Type: " + Escapes.quote(ct));
    }

    private ResultEntry charset(ConformanceCheck c) {
        StreamCapture s = full();
        String ct = s.header("Content-Type");
        String charset = null;
        if (ct != null) {
            for (String p : ct.split(";")) {
                String t = p.trim();
                if (t.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    charset = t.substring(8).replace("\"", "").trim();
                }
            }
        }
        if (charset == null) {
            return Results.pass(c, "no charset parameter; event streams are UTF-8 by definition");
        }
        if (charset.equalsIgnoreCase("utf-8") || charset.equalsIgnoreCase("utf8")) {
            return Results.pass(c, "charset=" + charset);
        }
        return Results.failure(c, "charset=utf-8 or no charset", "Content-Type: " + Escapes.quote(ct));
    }

    private ResultEntry noStore(ConformanceCheck c) {
        StreamCapture s = full();
        String cc = s.header("Cache-Control");
        String lower = cc == null ? "" : cc.toLowerCase(Locale.ROOT);
        if (lower.contains("no-store") || lower.contains("no-cache")) {
            return Results.pass(c, "Cache-Control: " + cc);
        }
        return Results.failure(c, "Cache-Control: no-store (or no-cache)",
                cc == null ? "no Cache-Control header" : "Cache-Control: " + Escapes.quote(cc));
    }

    private ResultEntry parse(ConformanceCheck c) {
        StreamCapture s = full();
        if (s.limitBreached != null) {
            // The spec sets no limit, so this is a fact about the stream, not a failure of it.
            return Results.info(c, "the parser stopped at a limit: " + s.limitBreached + " (after " + s.events.size()
                    + " events); later checks see only what came before");
        }
        return Results.pass(c, s.events.size() + " events, " + s.comments.size() + " comment lines, " + s.bodyBytes
                + " bytes" + prefixNote(s));
    }

    private ResultEntry utf8(ConformanceCheck c) {
        StreamCapture s = full();
        long bad = s.firstInvalidUtf8();
        if (bad >= 0) {
            byte[] body = s.bodyBytes();
            int from = (int) Math.max(0, bad - 8);
            byte[] around = java.util.Arrays.copyOfRange(body, from, (int) Math.min(body.length, bad + 8));
            return Results.failure(c, "valid UTF-8 bytes",
                    "invalid UTF-8 at byte " + bad + " (bytes " + from + "..: " + Escapes.hex(around, 16) + ")");
        }
        int replaced = 0;
        for (StreamCapture.Timed<ParsedEvent> e : s.events) {
            replaced += count(e.value().data(), '\ufffd');
        }
        int inDocument = document == null ? 0 : count(document, '\ufffd');
        if (replaced > inDocument) {
            return Results.info(c, "the bytes are valid UTF-8, but the data holds " + replaced
                    + " U+FFFD (sent as EF BF BD): what a server writes for a character it could not encode, such as "
                    + "half of a surrogate pair" + (document == null ? "" : "; see check/document/code-points"));
        }
        return Results.pass(c, s.keptBodyBytes() + " bytes of valid UTF-8" + prefixNote(s));
    }

    private ResultEntry flush(ConformanceCheck c) {
        StreamCapture s = full();
        if (s.events.isEmpty()) {
            if (s.cutAtBound()) {
                return Results.notRun(c, "no event among what was kept: the stream was " + s.describeEnd());
            }
            if (s.closedByServer()) {
                return Results.notApplicable(c, "the stream ended without any event (" + s.describeEnd() + ")");
            }
            return Results.failure(c, "the first event within " + timeoutMs + " ms",
                    "no event within " + timeoutMs + " ms (" + s.bodyBytes + " body bytes): nothing was due, or it waits in a buffer");
        }
        long first = s.events.get(0).atMs();
        if (s.closedByServer() && s.endAtMs >= 1000 && s.endAtMs - first < 50 && s.events.size() > 1) {
            return Results.failure(c, "events as they are written",
                    "all " + s.events.size() + " events arrived only as the response ended, after " + s.endAtMs + " ms");
        }
        return Results.pass(c, "the first event arrived after " + first + " ms, the headers after " + s.headersAtMs + " ms");
    }

    private ResultEntry retry(ConformanceCheck c) {
        StreamCapture s = full();
        if (!s.retries.isEmpty()) {
            return Results.pass(c, "retry: " + s.retries.get(0).value() + (s.opensWithRetry() ? " (first line)" : ""));
        }
        // MAY: a stream without retry leaves the browser's default in place, which is no failure.
        return Results.info(c, "no retry field: the browser uses its own reconnection time");
    }

    private ResultEntry ids(ConformanceCheck c) {
        StreamCapture s = full();
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

    private ResultEntry resume(ConformanceCheck c) {
        StreamCapture s = full();
        if (s.events.stream().allMatch(e -> e.value().lastEventId().isEmpty())) {
            return Results.notApplicable(c, "the stream sends no ids, so there is nothing to resume from (see check/generic/ids)");
        }
        int n = s.events.size();
        if (n < 2) {
            return Results.notApplicable(c, "too few events to cut the stream and resume (" + n + ")");
        }
        int k = Math.max(1, Math.min(3, n / 2));
        StreamCapture first = Exchange.run(target, HttpRequest.get(streamPath), timeoutMs, bound, x -> x.events.size() >= k);
        if (first.events.size() < k) {
            return Results.notRun(c, "the second read got " + first.events.size() + " of " + k + " events (" + first.describeEnd() + ")");
        }
        String lastId = first.events.get(k - 1).value().lastEventId();
        if (lastId.isEmpty()) {
            return Results.notApplicable(c, "event " + k + " carries no id, so a reconnect would send no Last-Event-ID");
        }
        boolean finite = s.closedByServer();
        int want = finite ? n - k : 3;
        StreamCapture again = Exchange.run(target, HttpRequest.get(streamPath).withHeader("Last-Event-ID", lastId), timeoutMs,
                bound, x -> x.events.size() >= want && !finite);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < k; i++) {
            seen.add(first.events.get(i).value().lastEventId());
        }
        List<String> repeated = new ArrayList<>();
        for (StreamCapture.Timed<ParsedEvent> e : again.events) {
            String id = e.value().lastEventId();
            if (seen.contains(id) && !e.value().lastEventId().isEmpty()) {
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
            boolean ok = got.equals(expected) || expected.isEmpty() && again.status == 204;
            if (!ok) {
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

    private ResultEntry heartbeat(ConformanceCheck c) {
        StreamCapture s = full();
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
        return Results.notRun(c, "no quiet stretch of " + HEARTBEAT_QUIET_MS + " ms was seen within " + timeoutMs
                + " ms (longest " + s.longestQuietMs + " ms, " + s.describeEnd() + ")");
    }

    private ResultEntry end(ConformanceCheck c) {
        StreamCapture s = full();
        if (s.cutAtBound()) {
            return Results.notRun(c, "the end of the stream is needed, but the stream was " + s.describeEnd());
        }
        if (!s.closedByServer()) {
            return Results.info(c, "the stream was " + s.describeEnd() + "; a live stream may never end");
        }
        // What EventSource does next: reconnect, with the last event ID if there is one.
        String lastId = s.events.isEmpty() ? "" : s.events.get(s.events.size() - 1).value().lastEventId();
        HttpRequest again = HttpRequest.get(streamPath).withHeader("Cache-Control", "no-cache");
        if (!lastId.isEmpty()) {
            again = again.withHeader("Last-Event-ID", lastId);
        }
        StreamCapture a = Exchange.run(target, again, Math.min(timeoutMs, 5_000), bound, x -> !x.events.isEmpty());
        String what = "the reconnect" + (lastId.isEmpty() ? "" : " with Last-Event-ID: " + Escapes.quote(lastId));
        if (a.status == 204) {
            return Results.pass(c, s.describeEnd() + "; " + what + " got 204");
        }
        return Results.failure(c, what + " gets 204 No Content, so EventSource stops",
                a.summary() + (a.events.isEmpty() ? "" : ": the browser would get the stream again and again"));
    }

    private ResultEntry roundTrip(ConformanceCheck c) {
        StreamCapture s = full();
        String got = s.concatenatedData();
        if (got.equals(document)) {
            return Results.pass(c, s.events.size() + " events give the document's " + document.length() + " UTF-16 units");
        }
        return Results.failure(c, Escapes.quote(document), Escapes.quote(got) + " from " + s.events.size() + " events"
                + (s.closedByServer() ? "" : " (" + s.describeEnd() + ")"));
    }

    private ResultEntry newlines(ConformanceCheck c) {
        return counted(c, '\n', "newline");
    }

    private ResultEntry spaces(ConformanceCheck c) {
        return counted(c, ' ', "space");
    }

    private ResultEntry counted(ConformanceCheck c, char ch, String name) {
        StreamCapture s = full();
        int want = count(document, ch);
        if (want == 0) {
            return Results.notApplicable(c, "the document has no " + name);
        }
        String got = s.concatenatedData();
        int have = count(got, ch);
        if (have == want) {
            return Results.pass(c, want + " " + name + (want == 1 ? "" : "s") + " arrived");
        }
        long empty = s.events.stream().filter(e -> e.value().data().isEmpty()).count();
        return Results.failure(c, want + " " + name + (want == 1 ? "" : "s") + " in the data (" + Escapes.quote(document) + ")",
                have + " in " + Escapes.quote(got) + (empty > 0 ? "; " + empty + " events had empty data where a piece was due"
                        : ""));
    }

    private ResultEntry codePoints(ConformanceCheck c) {
        StreamCapture s = full();
        String got = s.concatenatedData();
        int extraReplacement = count(got, '\ufffd') - count(document, '\ufffd');
        List<String> missing = new ArrayList<>();
        String rest = got;
        for (int i = 0; i < document.length(); ) {
            int cp = document.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isSupplementaryCodePoint(cp)) {
                String one = new String(Character.toChars(cp));
                int at = rest.indexOf(one);
                if (at < 0) {
                    missing.add(String.format("U+%04X %s", cp, one));
                } else {
                    rest = rest.substring(at + one.length());
                }
            }
        }
        List<String> split = new ArrayList<>();
        for (StreamCapture.Timed<ParsedEvent> e : s.events) {
            String d = e.value().data();
            if (d.equals("\ufffd")) {
                split.add("id " + Escapes.quote(e.value().lastEventId()));
            }
        }
        if (extraReplacement <= 0 && missing.isEmpty()) {
            return Results.pass(c, "every character of the document arrived whole");
        }
        StringBuilder actual = new StringBuilder();
        if (!missing.isEmpty()) {
            actual.append("missing ").append(String.join(", ", missing));
        }
        if (extraReplacement > 0) {
            if (actual.length() > 0) {
                actual.append("; ");
            }
            actual.append(extraReplacement).append(" U+FFFD in their place");
            if (!split.isEmpty()) {
                actual.append(" (").append(split.size()).append(" events whose data is just U+FFFD: each half of a "
                        + "surrogate pair was sent on its own)");
            }
        }
        return Results.failure(c, "every character whole, e.g. " + describeSupplementary(document), actual.toString());
    }

    private static String describeSupplementary(String doc) {
        List<String> cps = new ArrayList<>();
        doc.codePoints().filter(Character::isSupplementaryCodePoint).limit(4)
                .forEach(cp -> cps.add(String.format("U+%04X %s", cp, new String(Character.toChars(cp)))));
        return cps.isEmpty() ? "(no character beyond U+FFFF)" : String.join(", ", cps);
    }

    private ResultEntry documentEnd(ConformanceCheck c) {
        StreamCapture s = full();
        if (s.closedByServer()) {
            return Results.pass(c, "the response ended after " + s.endAtMs + " ms, "
                    + (s.endAtMs - s.events.get(s.events.size() - 1).atMs()) + " ms after the last event");
        }
        long lastEvent = s.events.get(s.events.size() - 1).atMs();
        if (s.endAtMs - lastEvent < END_MARGIN_MS) {
            return Results.notRun(c, "the stream was still sending events " + (s.endAtMs - lastEvent)
                    + " ms before the reader gave up after " + s.endAtMs + " ms; a longer timeout would tell");
        }
        return Results.failure(c, "the response ends after the last piece",
                "the last event came after " + lastEvent + " ms; the response was " + s.describeEnd()
                        + ", so the connection is held open for nothing");
    }

    /** For a pass on a stream cut at the capture bound: what was judged is its prefix. */
    private static String prefixNote(StreamCapture s) {
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
