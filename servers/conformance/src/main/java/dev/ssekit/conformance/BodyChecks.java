package dev.ssekit.conformance;

import dev.ssekit.protocol.ParsedEvent;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.results.ResultEntry;
import java.util.Arrays;

/** The body of the stream as bytes and lines: it parses, and it is UTF-8. */
final class BodyChecks {

    private final CheckedStream x;

    BodyChecks(CheckedStream x) {
        this.x = x;
    }

    ResultEntry parse(ConformanceCheck c) {
        StreamCapture s = x.full();
        if (s.limitBreached != null) {
            // The spec sets no limit, so this is a fact about the stream, not a failure of it.
            return Results.info(c, "the parser stopped at a limit: " + s.limitBreached + " (after " + s.events.size()
                    + " events); later checks see only what came before");
        }
        return Results.pass(c, s.events.size() + " events, " + s.comments.size() + " comment lines, " + s.bodyBytes
                + " bytes" + CheckedStream.prefixNote(s));
    }

    ResultEntry utf8(ConformanceCheck c) {
        StreamCapture s = x.full();
        long bad = s.firstInvalidUtf8();
        if (bad >= 0) {
            byte[] body = s.bodyBytes();
            int from = (int) Math.max(0, bad - 8);
            byte[] around = Arrays.copyOfRange(body, from, (int) Math.min(body.length, bad + 8));
            return Results.failure(c, "valid UTF-8 bytes",
                    "invalid UTF-8 at byte " + bad + " (bytes " + from + "..: " + Escapes.hex(around, 16) + ")");
        }
        int replaced = 0;
        for (StreamCapture.Timed<ParsedEvent> e : s.events) {
            replaced += CheckedStream.count(e.value().data(), '\ufffd');
        }
        String document = x.document();
        int inDocument = document == null ? 0 : CheckedStream.count(document, '\ufffd');
        if (replaced > inDocument) {
            return Results.info(c, "the bytes are valid UTF-8, but the data holds " + replaced
                    + " U+FFFD (sent as EF BF BD): what a server writes for a character it could not encode, such as "
                    + "half of a surrogate pair" + (document == null ? "" : "; see check/document/code-points"));
        }
        return Results.pass(c, s.keptBodyBytes() + " bytes of valid UTF-8" + CheckedStream.prefixNote(s));
    }
}
