package dev.ssekit.torture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.conformance.http.ResponseHead;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.TortureVector;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs a {@code send} vector: one raw connection, the steps in order, then reading until the expected responses are
 * in (and, when {@code closes}, the connection is closed), the connection ends, or the budget passes; then every
 * member of {@code expected} is judged as the spec README defines it.
 */
final class SendVectors {

    static final long DEFAULT_WITHIN_MS = 5_000;
    static final int CONNECT_TIMEOUT_MS = 5_000;
    /** After the expected responses, how long to watch for one too many (or for content after a HEAD answer). */
    static final long LINGER_MS = 300;
    /** Header fields not compared between HEAD and GET: the date and the framing (spec README, sameHeadersAsGet). */
    static final Set<String> NOT_COMPARED = Set.of("date", "content-length", "transfer-encoding", "connection");

    private final TortureSubject subject;

    SendVectors(TortureSubject subject) {
        this.subject = subject;
    }

    /** {@code text} with {@code {authority}}, {@code {token}} and {@code {docsFile}} replaced. */
    static String substitute(TortureSubject s, String text) {
        return text.replace("{authority}", s.authority())
                .replace("{token}", s.publishToken() == null ? "" : s.publishToken())
                .replace("{docsFile}", s.docsFile() == null ? "/docs/" : s.docsFile());
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    ResultEntry run(TortureVector v) {
        JsonNode x = v.expected();
        long budget = x.path("withinMs").asLong(DEFAULT_WITHIN_MS)
                + (v.needs().contains("deadline") ? subject.requestDeadlineMs() : 0);
        RawConnection c;
        try {
            c = RawConnection.open(subject.host(), subject.port(), CONNECT_TIMEOUT_MS, 0);
        } catch (IOException e) {
            return Verdict.notRun(v, "the runner could not connect to " + subject.authority() + ": " + RawConnection.message(e));
        }
        try (c) {
            String method = firstMethod(v);
            if (method != null) {
                c.expect(method);
            }
            long stepsDeadline = System.nanoTime() + budget * 1_000_000;
            List<String> notes = new ArrayList<>();
            for (int i = 0; i < v.send().size(); i++) {
                TortureVector.Step s = v.send().get(i);
                if (s.pauseMs() != null) {
                    c.readFor(s.pauseMs());
                } else if (s.shutdownOutput()) {
                    c.shutdownOutput();
                } else if (c.writeProblem == null) {
                    byte[] bytes = s.bytes() != null ? s.bytes() : repeat(latin1(substitute(subject, s.text())), s.times());
                    if (!c.write(bytes, Math.max(stepsDeadline, System.nanoTime() + 1_000_000_000L))) {
                        notes.add("step " + (i + 1) + ": " + c.writeProblem);
                    }
                }
            }
            int want = x.has("responses") ? x.get("responses").asInt() : 1;
            boolean closes = x.path("closes").asBoolean(false);
            long deadline = System.nanoTime() + budget * 1_000_000;
            c.readUntil(deadline, () -> c.completed() >= want && (!closes || c.closed()));
            if (!closes && (x.has("responses") || x.path("noContent").asBoolean(false)) && !c.readDone()) {
                c.readFor(LINGER_MS);
            }
            Verdict verdict = new Verdict(v);
            judge(v, c, budget, verdict);
            if (x.path("sameHeadersAsGet").asBoolean(false) && c.first() != null) {
                String notCompared = compareWithGet(v, c.first().head, verdict);
                if (notCompared != null) {
                    if (verdict.isEmpty()) {
                        return Verdict.notRun(v, notCompared + "; the rest was as expected: " + summary(c, notes));
                    }
                    notes.add(notCompared);
                }
            }
            return verdict.result(summary(c, notes));
        }
    }

    /** The method of the first request line, when the first step is text: its answer may have no body (HEAD). */
    private static String firstMethod(TortureVector v) {
        if (v.send().isEmpty() || v.send().get(0).text() == null) {
            return null;
        }
        String t = v.send().get(0).text();
        int sp = t.indexOf(' ');
        return sp > 0 ? t.substring(0, sp) : null;
    }

    private static byte[] repeat(byte[] unit, int times) {
        if (times <= 1) {
            return unit;
        }
        byte[] out = new byte[unit.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(unit, 0, out, i * unit.length, unit.length);
        }
        return out;
    }

    private static void judge(TortureVector v, RawConnection c, long budget, Verdict m) {
        JsonNode x = v.expected();
        RawConnection.Response first = c.first();
        boolean orNone = x.path("orNoResponse").asBoolean(false);
        boolean noContent = x.path("noContent").asBoolean(false);
        if (c.malformed != null) {
            if (first == null) {
                m.add("an HTTP/1.x response" + (orNone ? " or a close without one" : ""),
                        "bytes that are not one (" + c.malformed.getMessage() + "): " + c.rawFrom(0, 300));
            } else if (noContent && c.completed() >= 1) {
                m.add("no content after the head of the answer to " + firstMethod(v),
                        "bytes after it: " + c.rawFrom(c.malformed.offset(), 300));
            } else {
                m.add("well-framed responses", "after response " + c.responses.size() + ": " + c.malformed.getMessage());
            }
        }
        List<Integer> statuses = ints(x.path("status"));
        if (!statuses.isEmpty()) {
            String want = "status " + or(statuses) + (orNone ? ", or a close without a response" : "");
            if (first == null) {
                if (!(orNone && c.closed()) && c.malformed == null) {
                    m.add(want, "no response; " + c.describeEnd());
                }
            } else if (!statuses.contains(first.status())) {
                m.add(want, "status " + first.status() + " " + Escapes.quote(first.head.reason())
                        + bodyNote(first));
            }
        }
        if (x.has("responses")) {
            int want = x.get("responses").asInt();
            int got = c.responses.size();
            if (got != want && !(orNone && got == 0 && c.closed())) {
                m.add("exactly " + want + (want == 1 ? " response" : " responses"), got + (got == 1 ? " response" : " responses")
                        + (got == 0 ? "" : " (statuses " + c.responses.stream().map(r -> String.valueOf(r.status()))
                                .collect(Collectors.joining(", ")) + ")"));
            }
        }
        if (x.path("closes").asBoolean(false) && !c.closed()) {
            m.add("the server closes the connection after its last response, within " + budget + " ms",
                    "the connection was still open " + budget + " ms after the last step");
        }
        if (first != null) {
            List<Integer> interimWanted = ints(x.path("interim"));
            List<Integer> interimGot = first.interim.stream().map(ResponseHead::status).collect(Collectors.toList());
            for (int s : interimWanted) {
                if (!interimGot.contains(s)) {
                    m.add("an interim " + s + " before the final response",
                            interimGot.isEmpty() ? "no interim response before " + first.status() : "interim " + interimGot);
                }
            }
            if (x.path("noInterim").asBoolean(false) && !interimGot.isEmpty()) {
                m.add("no interim response before the final one", "interim " + interimGot + " before " + first.status());
            }
            String body = first.bodyText().toLowerCase(Locale.ROOT);
            for (JsonNode mention : x.path("bodyMentions")) {
                if (!body.contains(mention.asText().toLowerCase(Locale.ROOT))) {
                    m.add("a body that mentions " + Escapes.quote(mention.asText()), "body " + clipQuote(first.bodyText()));
                }
            }
            for (Map.Entry<String, JsonNode> h : x.path("headers").properties()) {
                String got = first.head.header(h.getKey());
                if (!h.getValue().asText().equals(got)) {
                    m.add(h.getKey() + ": " + Escapes.quote(h.getValue().asText()),
                            got == null ? h.getKey() + " absent" : h.getKey() + ": " + Escapes.quote(got));
                }
            }
            for (JsonNode n : x.path("absentHeaders")) {
                String got = first.head.header(n.asText());
                if (got != null) {
                    m.add("no " + n.asText(), n.asText() + ": " + Escapes.quote(got));
                }
            }
            if (noContent && first.bodyBytes > 0) {
                m.add("no content", first.bodyBytes + " body bytes");
            }
            String stray = c.strayBytes(300);
            if (noContent && stray != null && c.responses.size() == 1) {
                m.add("no content after the head of the answer to " + firstMethod(v), "bytes after it: " + stray);
            }
        }
    }

    /**
     * The same bytes with the method replaced by GET, on a fresh connection, read to the end of its head only. Returns
     * why the comparison could not be made when that is the runner's doing (no connection), else null.
     */
    private String compareWithGet(TortureVector v, ResponseHead head, Verdict m) {
        String text = substitute(subject, v.send().get(0).text());
        String get = "GET" + text.substring(text.indexOf(' '));
        ResponseHead g;
        try (RawConnection c = RawConnection.open(subject.host(), subject.port(), CONNECT_TIMEOUT_MS, 0)) {
            c.expect("GET");
            c.write(latin1(get), System.nanoTime() + DEFAULT_WITHIN_MS * 1_000_000);
            c.readUntil(System.nanoTime() + DEFAULT_WITHIN_MS * 1_000_000, () -> !c.responses.isEmpty());
            c.abort(); // a stream ends here
            if (c.responses.isEmpty()) {
                m.add("the same request as GET answered, to compare with", "GET: no response; " + c.describeEnd());
                return null;
            }
            g = c.first().head;
        } catch (IOException e) {
            return "the runner could not connect to send the same request as GET: " + RawConnection.message(e);
        }
        List<String> want = fields(g);
        List<String> got = fields(head);
        List<String> missing = new ArrayList<>(want);
        got.forEach(missing::remove);
        List<String> extra = new ArrayList<>(got);
        want.forEach(extra::remove);
        if (g.status() != head.status() || !missing.isEmpty() || !extra.isEmpty()) {
            m.add("the status and header fields of GET (" + g.status() + "; Date, Content-Length, Transfer-Encoding and Connection"
                    + " aside)",
                    firstMethod(v) + " answers " + head.status() + (missing.isEmpty() ? "" : "; without " + quoteAll(missing))
                            + (extra.isEmpty() ? "" : "; with " + quoteAll(extra) + " that GET does not send"));
        }
        return null;
    }

    private static List<String> fields(ResponseHead h) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> f : h.fields()) {
            String name = f.getKey().toLowerCase(Locale.ROOT);
            if (!NOT_COMPARED.contains(name)) {
                out.add(name + ": " + f.getValue());
            }
        }
        Collections.sort(out);
        return out;
    }

    private static String quoteAll(List<String> fields) {
        return fields.stream().map(Escapes::quote).collect(Collectors.joining(", "));
    }

    /** What came back, for the pass detail and the end of Actual. */
    static String summary(RawConnection c, List<String> notes) {
        StringBuilder b = new StringBuilder();
        if (c.responses.isEmpty()) {
            b.append("no response");
        } else {
            b.append(c.responses.stream().map(r -> (r.interim.isEmpty() ? "" : r.interim.stream()
                    .map(i -> String.valueOf(i.status())).collect(Collectors.joining("+", "", "+"))) + r.status()
                    + (r.complete ? "" : " (unfinished)")).collect(Collectors.joining(", ", "responses: ", "")));
        }
        b.append("; ").append(c.describeEnd());
        String stray = c.strayBytes(120);
        if (stray != null) {
            b.append("; then bytes that make no response: ").append(stray);
        }
        notes.forEach(n -> b.append("; ").append(n));
        return b.toString();
    }

    private static String bodyNote(RawConnection.Response r) {
        return r.bodyBytes == 0 ? "" : ", body " + clipQuote(r.bodyText());
    }

    static String clipQuote(String s) {
        return Escapes.quote(s.length() <= 160 ? s : s.substring(0, 160)) + (s.length() > 160 ? "..." : "");
    }

    private static List<Integer> ints(JsonNode arr) {
        List<Integer> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asInt()));
        return out;
    }

    private static String or(List<Integer> statuses) {
        if (statuses.size() == 1) {
            return String.valueOf(statuses.get(0));
        }
        return statuses.subList(0, statuses.size() - 1).stream().map(String::valueOf).collect(Collectors.joining(", "))
                + " or " + statuses.get(statuses.size() - 1);
    }
}
