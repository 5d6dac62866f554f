package dev.ssekit.conformance;

import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.results.ResultEntry;
import java.util.Locale;

/** The response head of the stream: status, Content-Type, charset and caching. */
final class HeadChecks {

    private final CheckedStream x;

    HeadChecks(CheckedStream x) {
        this.x = x;
    }

    ResultEntry status(ConformanceCheck c) {
        StreamCapture s = x.full();
        if (s.status == 200) {
            return Results.pass(c, "GET " + x.path() + ": 200 " + s.reason);
        }
        return Results.failure(c, "status 200", s.hasStatus() ? "status " + s.status + " " + s.reason : s.noResponse());
    }

    ResultEntry contentType(ConformanceCheck c) {
        StreamCapture s = x.full();
        if (!s.hasStatus()) {
            return Results.failure(c, "Content-Type: text/event-stream", s.noResponse());
        }
        if (s.isEventStream()) {
            return Results.pass(c, "Content-Type: " + s.header("Content-Type"));
        }
        String ct = s.header("Content-Type");
        return Results.failure(c, "Content-Type: text/event-stream", ct == null ? "no Content-Type" : "Content-Type: " + Escapes.quote(ct));
    }

    ResultEntry charset(ConformanceCheck c) {
        StreamCapture s = x.full();
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

    ResultEntry noStore(ConformanceCheck c) {
        StreamCapture s = x.full();
        String cc = s.header("Cache-Control");
        String lower = cc == null ? "" : cc.toLowerCase(Locale.ROOT);
        if (lower.contains("no-store") || lower.contains("no-cache")) {
            return Results.pass(c, "Cache-Control: " + cc);
        }
        return Results.failure(c, "Cache-Control: no-store (or no-cache)",
                cc == null ? "no Cache-Control header" : "Cache-Control: " + Escapes.quote(cc));
    }
}
