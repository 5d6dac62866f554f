package dev.ssekit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.ExpectedEvent;
import dev.ssekit.spec.SpecFiles;
import dev.ssekit.spec.StreamVector;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Sends a request vector's request once and compares the response with every member of its {@code expected}. */
final class RequestVectors {

    /** Never a precondition of another member: its absence is only noted. */
    static final String ACCEL = "X-Accel-Buffering";

    private RequestVectors() {
    }

    static HttpRequest request(Target target, StreamVector.Request r) {
        HttpRequest req = HttpRequest.get(target.path(r.path()));
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            req = req.withHeader(h.getKey(), h.getValue());
        }
        if (r.body() != null || !"GET".equals(r.method())) {
            req = req.withBody(r.method(), r.body());
        }
        return req;
    }

    static ResultEntry run(ConformanceCheck c, StreamVector v, Target target, long timeoutMs, CaptureBound bound) {
        for (Map.Entry<String, String> h : v.request().headers().entrySet()) {
            String value = h.getValue();
            if (!value.equals(value.strip()) && !value.isEmpty()) {
                // RFC 9110, 5.5: whitespace around a field value is not part of it; every server strips it.
                return Results.notRun(c, "HTTP/1.1 cannot carry the header value " + Escapes.quote(value) + " of "
                        + h.getKey() + ": leading and trailing whitespace is not part of a field value (RFC 9110, 5.5),"
                        + " so the server sees " + Escapes.quote(value.strip()));
            }
        }
        StreamCapture s = Exchange.run(target, request(target, v.request()), timeoutMs, bound);
        return judge(c, v.expected(), s, timeoutMs);
    }

    /**
     * Compares a response with a vector's expectations. A response cut at the capture bound is judged as a prefix:
     * what it shows can fail, but what only its rest could show (more events, its end, text further on) leaves the
     * case not-run rather than passed or failed because of the suite's own bound (KIT-012).
     */
    static ResultEntry judge(ConformanceCheck c, StreamVector.Expected x, StreamCapture s, long timeoutMs) {
        Results.Mismatches m = new Results.Mismatches();
        List<String> unseen = new ArrayList<>();
        boolean prefix = s.cutAtBound();
        if (s.end == StreamCapture.End.NO_CONNECTION) {
            m.add("a response", s.summary());
            return m.result(c, null);
        }
        if (x.status() != null && x.status() != s.status) {
            m.add("status " + x.status(), s.hasStatus() ? "status " + s.status : s.summary());
        }
        String note = "";
        for (Map.Entry<String, String> h : x.headers().entrySet()) {
            String got = s.header(h.getKey());
            if (got == null && h.getKey().equalsIgnoreCase(ACCEL)) {
                // the kit's servers' promise to nginx, not SSE's: a proxy that obeys it may strip it (timing judges buffering)
                note = "; no " + ACCEL + " header (the kit's servers send it for nginx, which obeys and strips it; not"
                        + " judged here: check/generic/flush judges buffering by timing)";
                continue;
            }
            if (!h.getValue().equals(got)) {
                m.add(h.getKey() + ": " + Escapes.quote(h.getValue()), got == null ? h.getKey() + " absent" : h.getKey() + ": " + Escapes.quote(got));
            }
        }
        for (Map.Entry<String, List<String>> h : x.headerTokens().entrySet()) {
            String got = s.header(h.getKey());
            List<String> tokens = tokens(got);
            for (String want : h.getValue()) {
                if (!tokens.contains(want.toLowerCase(Locale.ROOT))) {
                    m.add(h.getKey() + " with token " + Escapes.quote(want),
                            got == null ? h.getKey() + " absent" : h.getKey() + ": " + Escapes.quote(got));
                }
            }
        }
        for (String name : x.absentHeaders()) {
            String got = s.header(name);
            if (got != null) {
                m.add("no " + name, name + ": " + Escapes.quote(got));
            }
        }
        if (x.opensWithRetry() && !s.opensWithRetry()) {
            m.add("the body opens with a retry field", "first line " + s.firstLine());
        }
        if (x.events() != null) {
            List<ExpectedEvent> got = s.eventList();
            if (prefix && got.size() <= x.events().size() && got.equals(x.events().subList(0, got.size()))) {
                unseen.add("events after the first " + got.size());
            } else if (!got.equals(x.events())) {
                m.add("events " + StreamCapture.describe(x.events()), "events " + StreamCapture.describe(got) + firstDifference(x.events(), got));
            }
        }
        if ("closed".equals(x.end()) && prefix) {
            unseen.add("the end of the response");
        } else if ("closed".equals(x.end()) && !s.closedByServer()) {
            m.add("the response ends within " + timeoutMs + " ms", s.describeEnd());
        }
        if (!x.bodyContains().isEmpty()) {
            String body = s.bodyText();
            for (String want : x.bodyContains()) {
                if (!body.contains(want) && prefix) {
                    unseen.add("a body containing " + Escapes.quote(want));
                } else if (!body.contains(want)) {
                    m.add("a body containing " + Escapes.quote(want), "body " + Escapes.quote(clip(body)));
                }
            }
        }
        if (!x.jsonFields().isEmpty() && prefix) {
            unseen.add("a JSON body");
        } else if (!x.jsonFields().isEmpty()) {
            JsonNode json = null;
            try {
                json = SpecFiles.json().readTree(s.bodyBytes());
            } catch (IOException e) {
                m.add("a JSON body", "not JSON (" + e.getMessage().lines().findFirst().orElse("") + "): " + Escapes.quote(clip(s.bodyText())));
            }
            if (json != null) {
                for (String f : x.jsonFields()) {
                    if (!json.has(f)) {
                        m.add("JSON member " + f, "body " + Escapes.quote(clip(s.bodyText())));
                    }
                }
            }
        }
        if (m.isEmpty() && !unseen.isEmpty()) {
            return Results.notRun(c, "the response was " + s.describeEnd() + ", so " + String.join(", ", unseen)
                    + " could not be judged");
        }
        return m.result(c, s.summary() + note);
    }

    /** The comma- or semicolon-separated tokens of a header value, lower case. */
    static List<String> tokens(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String t : value.split("[,;]")) {
                String x = t.trim().toLowerCase(Locale.ROOT);
                if (!x.isEmpty()) {
                    out.add(x);
                }
            }
        }
        return out;
    }

    private static String firstDifference(List<ExpectedEvent> want, List<ExpectedEvent> got) {
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            if (!want.get(i).equals(got.get(i))) {
                return " (first difference at event " + (i + 1) + ")";
            }
        }
        return want.size() == got.size() ? "" : " (" + got.size() + " events instead of " + want.size() + ")";
    }

    static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
