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
        return Results.failure(c, Escapes.quote(document), Escapes.quote(got) + " from " + s.events.size() + " events"
                + (s.closedByServer() ? "" : " (" + s.describeEnd() + ")"));
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
        long empty = s.events.stream().filter(e -> e.value().data().isEmpty()).count();
        return Results.failure(c, want + " " + name + (want == 1 ? "" : "s") + " in the data (" + Escapes.quote(document) + ")",
                have + " in " + Escapes.quote(got) + (empty > 0 ? "; " + empty + " events had empty data where a piece was due"
                        : ""));
    }

    ResultEntry codePoints(ConformanceCheck c) {
        StreamCapture s = x.full();
        String document = x.document();
        String got = s.concatenatedData();
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

    ResultEntry end(ConformanceCheck c) {
        StreamCapture s = x.full();
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
}
