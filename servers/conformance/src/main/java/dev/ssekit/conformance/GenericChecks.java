package dev.ssekit.conformance;

import dev.ssekit.spec.results.ResultEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks any event-stream URL can be put to, as h2spec does for HTTP/2 servers, grouped by concern: the response head
 * ({@link HeadChecks}), the body ({@link BodyChecks}), timing ({@link TimingChecks}), reconnecting and resuming
 * ({@link ReconnectChecks}), the document ({@link DocumentChecks}) and field injection through the {@code event}
 * parameter ({@link FieldInjectionCheck}). One read of the stream (bounded by the timeout
 * and the capture bound) answers most of them, a reconnect or two the rest. When the document the stream carries is
 * known (the contract's probe, or one the user names), the {@code check/document/*} cases compare it piece by piece.
 * Only the status and Content-Type cases judge a response that is not an event stream; the others are then not-run
 * (KIT-014); when the head came and nothing of the body, the cases that judge the body are not-run, saying so. A
 * stream cut at the capture bound, or by the read deadline before it ended, is judged as a prefix: what arrived can
 * fail, what only the rest could show is not-run (KIT-012). CORS ({@link CorsChecks}) is asked of any URL.
 */
final class GenericChecks {

    static final String KIND = ResultEntry.TEST;

    private final CheckedStream stream;
    private final FieldInjectionCheck injection;

    GenericChecks(Target target, String streamPath, String document, long timeoutMs, CaptureBound bound) {
        this(new CheckedStream(target, streamPath, document, timeoutMs, bound));
    }

    GenericChecks(CheckedStream stream) {
        this.stream = stream;
        this.injection = new FieldInjectionCheck(stream.target(), stream.path(), stream.timeoutMs(), stream.bound());
    }

    /** In the order of the results file. */
    List<ConformanceCheck> checks() {
        HeadChecks head = new HeadChecks(stream);
        BodyChecks body = new BodyChecks(stream);
        TimingChecks timing = new TimingChecks(stream);
        ReconnectChecks reconnect = new ReconnectChecks(stream);
        DocumentChecks doc = new DocumentChecks(stream);
        CorsChecks cors = new CorsChecks(stream);
        List<ConformanceCheck> list = new ArrayList<>();
        add(list, "check/generic/status", List.of("AUTH-001"), "The event stream answers 200 OK.", head::status);
        add(list, "check/generic/content-type", List.of("AUTH-001"),
                "The Content-Type is text/event-stream (parameters aside).", head::contentType);
        add(list, "check/generic/charset", List.of("PARSE-030"),
                "A charset parameter, if present, says utf-8: an event stream is always UTF-8.", onStream(head::charset));
        add(list, "check/generic/no-store", List.of("HTTP-010"),
                "Cache-Control keeps caches from storing the stream (no-store or no-cache).", onStream(head::noStore));
        add(list, "check/generic/parse", List.of("AUTH-001"),
                "The body parses line by line within the parser's limits (1 MiB lines, 8 MiB events).", onBody(body::parse));
        add(list, "check/generic/utf-8", List.of("PARSE-030"), "The body is valid UTF-8.", onBody(body::utf8));
        add(list, "check/generic/flush", List.of("AUTH-005"),
                "Events arrive as they are written, not all at once when the response ends.", onStream(timing::flush));
        add(list, "check/generic/head", List.of("AUTH-005"),
                "The response head arrives at once, not held back until the first event (EventSource opens on it).",
                onStream(timing::head));
        add(list, "check/generic/retry", List.of("AUTH-006"), "The stream sets the reconnection time with retry.",
                onBody(reconnect::retry));
        add(list, "check/generic/ids", List.of("AUTH-007"), "Events carry ids, so that a reconnect can resume.",
                onBody(reconnect::ids));
        add(list, "check/generic/event-type", List.of("PARSE-025", "PARSE-026"),
                "The events have the type the page listens for (sse-kit check --event TYPE).", onBody(reconnect::eventType));
        add(list, "check/generic/resume", List.of("AUTH-007"),
                "A reconnect with Last-Event-ID continues after that event: nothing repeated, nothing lost.",
                onBody(reconnect::resume));
        add(list, "check/generic/heartbeat", List.of("AUTH-002"),
                "A quiet stream sends a comment line every 15 seconds or so.", onStream(timing::heartbeat));
        add(list, "check/generic/end", List.of("AUTH-003"),
                "A stream that ends answers the browser's reconnect with 204, so EventSource stops.", onBody(reconnect::end));
        add(list, FieldInjectionCheck.ID, FieldInjectionCheck.REQUIREMENTS, FieldInjectionCheck.DESCRIPTION,
                onStream(injection::run));
        add(list, "check/generic/cors", List.of("CORS-004"),
                "A plain cross-origin request gets Access-Control-Allow-Origin: * or its origin, so a page elsewhere reads it.",
                onStream(cors::plain));
        add(list, "check/generic/cors-credentials", List.of("CORS-005", "CORS-006"),
                "A credentialed cross-origin request is granted only with its exact origin, never with *.",
                onStream(cors::credentialed));
        add(list, "check/document/round-trip", List.of("API-008"),
                "The events' data, concatenated, equals the document exactly.", onDocument(doc::roundTrip));
        add(list, "check/document/newlines", List.of("API-008", "ENC-001"),
                "Every newline of the document arrives in the data (a newline piece has e.data \"\\n\").",
                onDocument(doc::newlines));
        add(list, "check/document/spaces", List.of("API-008", "ENC-002"),
                "Every space of the document arrives in the data, a lone or leading one included.", onDocument(doc::spaces));
        add(list, "check/document/code-points", List.of("API-007", "ENC-005"),
                "Every character arrives whole: no half of a surrogate pair, no U+FFFD in its place.",
                onDocument(doc::codePoints));
        add(list, "check/document/end", List.of("API-013"),
                "After the document's last piece the response ends.", onDocument(doc::end));
        add(list, "check/document/reconnect", List.of("API-008", "AUTH-003"),
                "The browser's reconnect after the end adds nothing to the page's text.", onDocument(reconnect::replay));
        return list;
    }

    /** How the shared read was cut at the capture bound; null when it was not (or was not made). */
    String streamCut() {
        return stream.cut();
    }

    /** How the shared read was cut by the deadline before the document ended; null when it was not. */
    String streamCutByDeadline() {
        return stream.cutBeforeTheDocument();
    }

    private static void add(List<ConformanceCheck> list, String id, List<String> reqs, String description,
            Function<ConformanceCheck, ResultEntry> body) {
        list.add(new ConformanceCheck(id, reqs, description, KIND, body));
    }

    /** A case that judges the stream's body: not-run, with the reason, when the response is not an event stream. */
    private Function<ConformanceCheck, ResultEntry> onStream(Function<ConformanceCheck, ResultEntry> body) {
        return c -> {
            String why = stream.full().notAnEventStream();
            return why != null ? Results.notRun(c, why) : body.apply(c);
        };
    }

    /**
     * A case that judges what the body carries: also not-run when nothing of the body arrived before the reader gave
     * up (a buffering proxy holds it, or nothing was due), which says nothing of ids, retry or the document.
     */
    private Function<ConformanceCheck, ResultEntry> onBody(Function<ConformanceCheck, ResultEntry> body) {
        return onStream(c -> {
            String why = nothingArrived(stream.full());
            return why != null ? Results.notRun(c, why) : body.apply(c);
        });
    }

    /** Why there is no body to judge: the head came, then not a byte until the reader gave up; null otherwise. */
    static String nothingArrived(StreamCapture s) {
        if (s.bodyBytes > 0 || s.closedByServer()) {
            return null;
        }
        return "nothing of the body arrived: the response head came after " + s.headersAtMs + " ms, then not a byte until"
                + " the reader gave up after " + s.endAtMs + " ms (a proxy that buffers the stream, or a stream with"
                + " nothing due yet); a longer --timeout-ms would tell";
    }

    /**
     * A case that compares the whole document: not-applicable without one; not-run on what is not an event stream or
     * was cut at the capture bound (a prefix cannot show the whole document).
     */
    private Function<ConformanceCheck, ResultEntry> onDocument(Function<ConformanceCheck, ResultEntry> body) {
        Function<ConformanceCheck, ResultEntry> judged = onBody(c -> {
            StreamCapture s = stream.full();
            if (s.cutAtBound()) {
                return Results.notRun(c, "the whole document is needed, but the stream was " + s.describeEnd()
                        + " (" + s.events.size() + " events kept)");
            }
            if (s.events.isEmpty()) {
                return Results.failure(c, "the document as events", s.summary());
            }
            return body.apply(c);
        });
        return c -> stream.document() == null ? Results.notApplicable(c, "the document behind " + stream.path()
                + " is unknown (the contract's doc=probe is not offered; sse-kit check --document FILE names one)")
                : judged.apply(c);
    }
}
