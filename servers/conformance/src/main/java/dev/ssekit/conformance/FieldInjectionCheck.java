package dev.ssekit.conformance;

import dev.ssekit.protocol.ParsedEvent;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.results.ResultEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code check/generic/field-injection} (API-036): a server that passes the contract's {@code event} parameter into its
 * framework's API must not let a CR or LF in it start a field of its own (the class of bug behind CVE-2026-35515 and
 * its kin: an encoder that writes {@code event} raw). First a plain type tells whether the parameter is honoured at
 * all; then an event type ending in each line break and a {@code data:} field goes out, and the stream is searched
 * for that field as a line of its own.
 */
final class FieldInjectionCheck {

    static final String ID = "check/generic/field-injection";
    static final List<String> REQUIREMENTS = List.of("API-036");
    static final String DESCRIPTION = "An event type with CR, LF or CRLF in the event parameter never becomes a field"
            + " of the stream.";
    /** A type any server takes: letters only. */
    static final String PLAIN_TYPE = "ssekitprobe";
    static final String MARKER = "ssekit-injected";
    private static final String FIELD = "data: " + MARKER;
    /**
     * The event types tried, by name: a field after each line break, and an LF-started field closed by a CR (an
     * encoder that cuts the value at its last line break, as one in Quarkus did, keeps that field whole).
     */
    private static final Map<String, String> TRIED = Map.of("CR", PLAIN_TYPE + "\r" + FIELD, "LF", PLAIN_TYPE + "\n" + FIELD,
            "CRLF", PLAIN_TYPE + "\r\n" + FIELD, "LF then CR", PLAIN_TYPE + "\n" + FIELD + "\r");
    private static final List<String> ORDER = List.of("CR", "LF", "CRLF", "LF then CR");

    private final Target target;
    private final String streamPath;
    private final long timeoutMs;
    private final CaptureBound bound;

    FieldInjectionCheck(Target target, String streamPath, long timeoutMs, CaptureBound bound) {
        this.target = target;
        this.streamPath = streamPath;
        this.timeoutMs = timeoutMs;
        this.bound = bound;
    }

    ResultEntry run(ConformanceCheck c) {
        long waitMs = Math.min(timeoutMs, 5_000);
        String plainPath = withEvent(streamPath, PLAIN_TYPE);
        StreamCapture plain = Exchange.run(target, HttpRequest.get(plainPath), waitMs, bound,
                // a server that ignores the parameter shows it by its second event at the latest
                s -> s.events.size() >= 2 || s.events.stream().anyMatch(e -> PLAIN_TYPE.equals(e.value().type())));
        String notStream = plain.notAnEventStream();
        if (plain.status == 400) {
            return Results.notApplicable(c, plainPath + " answered 400: the server takes no event type of the client's"
                    + " choosing, so no request value reaches the stream's fields");
        }
        if (notStream != null) {
            // KIT-014: without an event stream there is nothing to judge
            return Results.notRun(c, "the event parameter cannot be tried: " + plainPath + " gave " + notStream);
        }
        if (plain.events.isEmpty()) {
            return Results.notRun(c, plainPath + " sent no event within " + waitMs
                    + " ms, so whether the event parameter is honoured cannot be told");
        }
        if (plain.events.stream().noneMatch(e -> PLAIN_TYPE.equals(e.value().type()))) {
            return Results.notApplicable(c, "the event parameter is ignored: " + plainPath + " sent events of type "
                    + Escapes.quote(plain.events.get(0).value().type()) + ", so no request value reaches the stream's fields");
        }
        List<String> injected = new ArrayList<>();
        StringJoiner seen = new StringJoiner("; ");
        for (String name : ORDER) {
            String value = TRIED.get(name);
            StreamCapture s = Exchange.run(target, HttpRequest.get(withEvent(streamPath, value)), waitMs, bound,
                    y -> y.events.size() >= 2 || injectedLine(y) != null);
            String line = injectedLine(s);
            if (line != null) {
                injected.add(name + ": the line " + Escapes.quote(line) + " arrived as a field of its own"
                        + eventsWithMarker(s));
                seen.add(name + ": injected");
            } else {
                seen.add(name + ": " + answer(s));
            }
        }
        if (injected.isEmpty()) {
            return Results.pass(c, "the event parameter is honoured; a type with a line break: " + seen);
        }
        return Results.failure(c, "no field from the event parameter: 400, or the type kept on its one line",
                String.join("; ", injected));
    }

    /** How a server that injected nothing answered. */
    private static String answer(StreamCapture s) {
        if (!s.hasStatus()) {
            return s.noResponse();
        }
        if (s.status != 200 || !s.isEventStream()) {
            return "answered " + s.status + (s.status == 400 ? " (refused)" : "");
        }
        return s.events.isEmpty() ? "200, no event within the wait"
                : "200, no field injected (first type " + Escapes.quote(s.events.get(0).value().type()) + ")";
    }

    /** The first body line that starts with the injected field, or null. */
    static String injectedLine(StreamCapture s) {
        for (String line : s.bodyText().split("\r\n|\r|\n", -1)) {
            if (line.startsWith(FIELD) || line.startsWith("data:" + MARKER)) {
                return line;
            }
        }
        return null;
    }

    private static String eventsWithMarker(StreamCapture s) {
        for (StreamCapture.Timed<ParsedEvent> t : s.events) {
            ParsedEvent e = t.value();
            if (e.data().contains(MARKER)) {
                return ", so the page's event of type " + Escapes.quote(e.type()) + " has data " + Escapes.quote(e.data());
            }
        }
        return "";
    }

    /** {@code path} with its {@code event} parameter (if any) replaced by {@code value}, percent-encoded. */
    static String withEvent(String path, String value) {
        return Pacing.withParam(path, "event", value);
    }
}
