package dev.ssekit.conformance;

import dev.ssekit.protocol.ParsedEvent;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.results.ResultEntry;
import java.util.ArrayList;
import java.util.List;

/** The document the stream carries, piece by piece: every character arrives whole, then the response ends. */
final class DocumentChecks {

    /** A stream still producing this close to the deadline may not be finished: its end is not judged. */
    static final long END_MARGIN_MS = 2_000;

    private final CheckedStream x;

    DocumentChecks(CheckedStream x) {
        this.x = x;
    }

    ResultEntry roundTrip(ConformanceCheck c) {
        StreamCapture s = x.full();
        String document = x.document();
        String got = s.concatenatedData();
        if (got.equals(document)) {
            return Results.pass(c, s.events.size() + " events give the document's " + document.length() + " UTF-16 units");
        }
        if (cutRight(s, got)) {
            return cutNotRun(c, s, got);
        }
        return Results.failure(c, Escapes.quote(document), Escapes.quote(got) + " from " + s.events.size() + " events"
                + (s.closedByServer() ? "" : " (" + s.describeEnd() + ")") + jsonHint(s, document));
    }

    /** The reader gave up before the stream ended, and what came is the document's start: incomplete, not wrong. */
    private boolean cutRight(StreamCapture s, String got) {
        return !s.closedByServer() && got.length() < x.document().length() && x.document().startsWith(got);
    }

    private ResultEntry cutNotRun(ConformanceCheck c, StreamCapture s, String got) {
        long all = x.document().codePoints().count();
        long seen = got.codePoints().count();
        return Results.notRun(c, "what arrived is right so far (" + seen + " of " + all + " code points of the document,"
                + " from " + s.events.size() + " events), but " + x.cutByDeadline(s, all - seen));
    }

    /**
     * A hint for data that is JSON text ({@code "H"} where the page expects {@code H}): a framework's JSON codec wrote
     * the text, and the page shows the quotes. Empty when the data does not look so.
     */
    static String jsonHint(StreamCapture s, String document) {
        int quoted = 0;
        int data = 0;
        for (StreamCapture.Timed<ParsedEvent> e : s.events) {
            String d = e.value().data();
            if (d.isEmpty()) {
                continue;
            }
            data++;
            if (d.length() >= 2 && d.startsWith("\"") && d.endsWith("\"")) {
                quoted++;
            }
        }
        if (data == 0 || quoted * 2 < data || document.startsWith("\"")) {
            return "";
        }
        return "; the data looks JSON-encoded: " + quoted + " of " + data + " events carry a JSON string such as "
                + Escapes.quote(firstQuoted(s)) + " where the page expects the text itself, so the page shows the quotes"
                + " (the framework's JSON codec wrote it: send the text as text)";
    }

    private static String firstQuoted(StreamCapture s) {
        return s.events.stream().map(e -> e.value().data()).filter(d -> d.length() >= 2 && d.startsWith("\""))
                .findFirst().orElse("");
    }

    ResultEntry newlines(ConformanceCheck c) {
        return counted(c, '\n', "newline");
    }

    ResultEntry spaces(ConformanceCheck c) {
        return counted(c, ' ', "space");
    }

    private ResultEntry counted(ConformanceCheck c, char ch, String name) {
        StreamCapture s = x.full();
        String document = x.document();
        int want = CheckedStream.count(document, ch);
        if (want == 0) {
            return Results.notApplicable(c, "the document has no " + name);
        }
        String got = s.concatenatedData();
        int have = CheckedStream.count(got, ch);
        if (have == want) {
            return Results.pass(c, want + " " + name + (want == 1 ? "" : "s") + " arrived");
        }
        if (cutRight(s, got)) {
            return cutNotRun(c, s, got);
        }
        if (!s.closedByServer() && have == CheckedStream.count(document.substring(0, Math.min(document.length(), got.length())), ch)) {
            // cut before the rest was due; what came is wrong elsewhere (the round-trip case says where), not here
            return Results.notRun(c, "the " + name + "s that arrived are right, but " + x.cutByDeadline(s, -1));
        }
        long empty = emptyWhere(s, document, ch);
        return Results.failure(c, want + " " + name + (want == 1 ? "" : "s") + " in the data (" + Escapes.quote(document) + ")",
                have + " in " + Escapes.quote(got) + (empty > 0 ? "; " + empty + (empty == 1 ? " event" : " events")
                        + " had empty data where a " + name + " was due" : "") + jsonHint(s, document));
    }

    /**
     * How many events have empty data where the document's piece is {@code ch}, pairing the n-th event with the n-th
     * code point (one piece per event); 0 when the events do not pair up so.
     */
    static long emptyWhere(StreamCapture s, String document, char ch) {
        int[] cps = document.codePoints().toArray();
        if (s.events.size() < cps.length) {
            return 0;
        }
        long n = 0;
        for (int i = 0; i < cps.length; i++) {
            if (cps[i] == ch && s.events.get(i).value().data().isEmpty()) {
                n++;
            }
        }
        return n;
    }

    /** The index of the document's first character outside the BMP, or -1. */
    private static int firstSupplementary(String document) {
        for (int i = 0; i < document.length(); i++) {
            if (Character.isHighSurrogate(document.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    ResultEntry codePoints(ConformanceCheck c) {
        StreamCapture s = x.full();
        String got = s.concatenatedData();
        if (cutRight(s, got)) {
            return cutNotRun(c, s, got);
        }
        String document = x.document();
        int firstSupplementary = firstSupplementary(document);
        if (s.closedByServer() && firstSupplementary >= 0 && got.length() <= firstSupplementary
                && CheckedStream.count(got, '\ufffd') <= CheckedStream.count(document, '\ufffd')) {
            // the server ended the response before any such character was due: no evidence either way here (the
            // missing rest is round-trip's and end's finding)
            return Results.notRun(c, "the response ended after " + got.codePoints().count() + " of "
                    + document.codePoints().count() + " code points (" + s.describeEnd() + "), before the first character"
                    + " outside the BMP was due: whether such characters arrive whole cannot be told");
        }
        if (!s.closedByServer()) {
            // cut: only the part of the document that had time to arrive is judged
            int upTo = Math.min(document.length(), got.length());
            if (upTo > 0 && upTo < document.length() && Character.isHighSurrogate(document.charAt(upTo - 1))) {
                upTo++;
            }
            document = document.substring(0, upTo);
        }
        int extraReplacement = CheckedStream.count(got, '\ufffd') - CheckedStream.count(document, '\ufffd');
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
            if (e.value().data().equals("\ufffd")) {
                split.add("id " + Escapes.quote(e.value().lastEventId()));
            }
        }
        if (extraReplacement <= 0 && missing.isEmpty() && document.length() < x.document().length()) {
            return Results.notRun(c, "the characters that arrived are whole, but " + x.cutByDeadline(s, -1));
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
        return Results.failure(c, "every character whole, e.g. " + describeSupplementary(x.document()), actual.toString()
                + jsonHint(s, x.document()));
    }

    private static String describeSupplementary(String doc) {
        List<String> cps = new ArrayList<>();
        doc.codePoints().filter(Character::isSupplementaryCodePoint).limit(4)
                .forEach(cp -> cps.add(String.format("U+%04X %s", cp, new String(Character.toChars(cp)))));
        return cps.isEmpty() ? "(no character beyond U+FFFF)" : String.join(", ", cps);
    }

    ResultEntry end(ConformanceCheck c) {
        StreamCapture s = x.full();
        if (s.end != StreamCapture.End.COMPLETE && s.closedByServer()
                && s.concatenatedData().codePoints().count() < x.document().codePoints().count()) {
            // not an end: the connection went before the framing said the response was over, and before the last piece
            return Results.failure(c, "the response ends after the last piece",
                    s.describeEnd() + ", before the last piece (" + s.events.size() + " events arrived): not an end"
                            + " but a broken response, which EventSource answers by reconnecting");
        }
        if (s.closedByServer()) {
            return Results.pass(c, "the response ended after " + s.endAtMs + " ms, "
                    + (s.endAtMs - s.events.get(s.events.size() - 1).atMs()) + " ms after the last event");
        }
        long lastEvent = s.events.get(s.events.size() - 1).atMs();
        if (s.endAtMs - lastEvent < END_MARGIN_MS) {
            return Results.notRun(c, "the stream was still sending events " + (s.endAtMs - lastEvent)
                    + " ms before the reader gave up, so " + x.cutByDeadline(s, Math.max(0,
                            x.document().codePoints().count() - s.concatenatedData().codePoints().count())));
        }
        return Results.failure(c, "the response ends after the last piece",
                "the last event came after " + lastEvent + " ms; the response was " + s.describeEnd()
                        + ", so the connection is held open for nothing");
    }
}
