package dev.ssekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.conformance.RawServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.undertow.UndertowSseServer;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code sse-kit check} reaching real endpoints: what it sends by default, the curl-style options (-H, -X, -d,
 * --data-file, -k, --cacert, redirects), case selection, JUnit XML, --strict, and the field-injection case.
 */
class CheckReachTest {

    private static final String STREAM = "retry: 1000\n\nid: 1\ndata: a\n\nid: 2\ndata: b\n\n";
    private static final String STATUS_ONLY = "^check/generic/(status|content-type)$";

    @TempDir
    Path out;

    private final List<RawServer.Request> seen = new CopyOnWriteArrayList<>();

    /** A finished stream, closed after the body. */
    private static void stream(OutputStream o, String body) throws IOException {
        o.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
                + body).getBytes(StandardCharsets.UTF_8));
        o.flush();
    }

    private static void answer(OutputStream o, String status, String extra) throws IOException {
        String body = "<!doctype html><p>" + status + "</p>\n";
        o.write(("HTTP/1.1 " + status + "\r\n" + extra + "Content-Type: text/html\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
        o.flush();
    }

    /** Results are kept per subject name in the JVM, so each run has its own. */
    private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();
    private String name;

    private Path results() {
        return out.resolve(name + ".json");
    }

    private CommandRun check(String url, String... more) {
        name = "reach-" + RUNS.incrementAndGet();
        List<String> args = new java.util.ArrayList<>(List.of("check", url, "--name", name, "--out", out.toString(),
                "--timeout-ms", "2000"));
        args.addAll(List.of(more));
        return CommandRun.of("", args.toArray(String[]::new));
    }

    private static void assertOutcome(CommandRun run, String word, String id) {
        String line = String.format("%-14s [%s]", word, id);
        assertTrue(run.outText().contains(line), () -> "no \"" + line + "\" in " + run.describe());
    }

    @Test
    @DisplayName("[PROC-002] by default check sends Chromium's EventSource headers: Accept text/event-stream, no-cache, keep-alive")
    void sendsWhatChromiumSends() throws IOException {
        try (RawServer s = RawServer.handling("recording", (r, sock, o) -> {
            seen.add(r);
            stream(o, STREAM);
        })) {
            CommandRun run = check(s.url("/events"), "--run", STATUS_ONLY);
            assertEquals(0, run.exitCode(), run::describe);
            RawServer.Request r = seen.stream().filter(x -> x.path().equals("/events")).findFirst().orElseThrow();
            assertEquals("GET", r.method());
            assertEquals("text/event-stream", r.header("Accept"));
            assertEquals("no-cache", r.header("Cache-Control"));
            assertEquals("no-cache", r.header("Pragma"));
            assertEquals("keep-alive", r.header("Connection"));
            assertEquals("sse-kit-check", r.header("User-Agent"));
        }
    }

    @Test
    @DisplayName("[PROC-002,AUTH-001] a servlet that streams only for exactly Accept: text/event-stream (405 otherwise) passes")
    void exactAcceptServletPasses() throws IOException {
        try (RawServer s = RawServer.handling("exact-accept", (r, sock, o) -> {
            if ("text/event-stream".equals(r.header("Accept"))) {
                stream(o, STREAM);
            } else {
                answer(o, "405 Method Not Allowed", "");
            }
        })) {
            CommandRun run = check(s.url("/events"), "--run", "^check/generic/");
            assertOutcome(run, "pass", "check/generic/status");
            assertOutcome(run, "pass", "check/generic/content-type");
            assertOutcome(run, "pass", "check/generic/parse");
            assertEquals(0, run.exitCode(), run::describe);
        }
    }

    @Test
    @DisplayName("[PROC-002] -H adds and replaces headers, and 'Name:' removes a default one, as curl's -H does")
    void headersAreAddedReplacedRemoved() throws IOException {
        try (RawServer s = RawServer.handling("recording", (r, sock, o) -> {
            seen.add(r);
            stream(o, STREAM);
        })) {
            CommandRun run = check(s.url("/events"), "--run", STATUS_ONLY, "-H", "Authorization: Bearer t0k",
                    "-H", "accept: application/json, text/event-stream", "--header", "Pragma:");
            assertEquals(0, run.exitCode(), run::describe);
            RawServer.Request r = seen.stream().filter(x -> x.path().equals("/events")).findFirst().orElseThrow();
            assertEquals("Bearer t0k", r.header("Authorization"));
            assertEquals("application/json, text/event-stream", r.header("Accept"));
            assertNull(r.header("Pragma"), r.headers()::toString);
            assertEquals("no-cache", r.header("Cache-Control"));
            assertTrue(run.outText().contains("headers given: Authorization, accept, Pragma"), run::describe);
            assertFalse(run.outText().contains("t0k"), "a header's value may be a credential: " + run.outText());
        }
    }

    /** Streams only for a POST whose body is {@code {"q":1}} sent as JSON; 405 otherwise. */
    private RawServer postOnly() throws IOException {
        return RawServer.handling("post-only", (r, sock, o) -> {
            seen.add(r);
            boolean json = r.header("Content-Type") != null && r.header("Content-Type").startsWith("application/json");
            if ("POST".equals(r.method()) && json && "{\"q\":1}".equals(new String(r.body(), StandardCharsets.UTF_8))) {
                stream(o, STREAM);
            } else {
                answer(o, "405 Method Not Allowed", "Allow: POST\r\n");
            }
        });
    }

    @Test
    @DisplayName("[AUTH-001] --data reaches a server that streams only for a POST with a JSON body (a chat API, MCP)")
    void postWithData() throws IOException {
        try (RawServer s = postOnly()) {
            CommandRun run = check(s.url("/v1/chat"), "--run", STATUS_ONLY, "-d", "{\"q\":1}");
            assertEquals(0, run.exitCode(), run::describe);
            assertOutcome(run, "pass", "check/generic/status");
            assertTrue(run.outText().contains("stream request: POST with a body of 7 bytes"), run::describe);
            Path body = out.resolve("body.json");
            Files.writeString(body, "{\"q\":1}");
            CommandRun fromFile = check(s.url("/v1/chat"), "--run", STATUS_ONLY, "--data-file", body.toString());
            assertEquals(0, fromFile.exitCode(), fromFile::describe);
            CommandRun without = check(s.url("/v1/chat"), "--run", STATUS_ONLY);
            assertEquals(1, without.exitCode(), without::describe);
            assertTrue(without.outText().contains("status 405"), without::describe);
        }
    }

    @Test
    @DisplayName("[AUTH-001] a 307 is followed to the stream, keeping POST and its body, and the final URL is reported")
    void redirectIsFollowed() throws IOException {
        try (RawServer s = RawServer.handling("moved", (r, sock, o) -> {
            seen.add(r);
            if (r.path().equals("/old")) {
                answer(o, "307 Temporary Redirect", "Location: /new?x=1\r\n");
            } else if ("POST".equals(r.method()) && "{}".equals(new String(r.body(), StandardCharsets.UTF_8))) {
                stream(o, STREAM);
            } else {
                answer(o, "404 Not Found", "");
            }
        })) {
            CommandRun run = check(s.url("/old"), "--run", STATUS_ONLY, "-d", "{}");
            assertEquals(0, run.exitCode(), run::describe);
            assertOutcome(run, "pass", "check/generic/status");
            assertTrue(run.outText().contains("the stream's final URL: " + s.url("/new?x=1")), run::describe);
            assertTrue(run.outText().contains(s.url("/old") + " -> 307 -> " + s.url("/new?x=1")), run::describe);
            assertTrue(Files.readString(results()).contains("\"finalUrl\" : \"" + s.url("/new?x=1") + "\""));
        }
    }

    @Test
    @DisplayName("[AUTH-001] a 303 after a POST turns into a GET without the body, as fetch does")
    void seeOtherTurnsIntoGet() throws IOException {
        try (RawServer s = RawServer.handling("see-other", (r, sock, o) -> {
            seen.add(r);
            if (r.path().equals("/submit")) {
                answer(o, "303 See Other", "Location: /result\r\n");
            } else if ("GET".equals(r.method()) && r.body().length == 0 && r.header("Content-Type") == null) {
                stream(o, STREAM);
            } else {
                answer(o, "405 Method Not Allowed", "");
            }
        })) {
            CommandRun run = check(s.url("/submit"), "--run", STATUS_ONLY, "-d", "{}");
            assertEquals(0, run.exitCode(), run::describe);
            assertTrue(run.outText().contains(" -> 303 -> " + s.url("/result")), run::describe);
        }
    }

    @Test
    @DisplayName("[AUTH-001,KIT-014] a redirect loop stops at --max-redirs, and the cases say the limit was reached")
    void redirectLoopStopsAtTheLimit() throws IOException {
        try (RawServer s = RawServer.handling("loop", (r, sock, o) -> {
            seen.add(r);
            answer(o, "302 Found", "Location: " + (r.path().equals("/a") ? "/b" : "/a") + "\r\n");
        })) {
            CommandRun run = check(s.url("/a"), "--run", "^check/generic/(status|parse)$", "--max-redirs", "5");
            assertEquals(1, run.exitCode(), run::describe);
            assertTrue(run.outText().contains("Actual:   status 302 Found"), run::describe);
            assertTrue(run.outText().contains("5 redirects is the limit (--max-redirs); a redirect loop?"), run::describe);
            assertOutcome(run, "not-run", "check/generic/parse");
            long toA = seen.stream().filter(x -> x.path().equals("/a")).count();
            assertTrue(toA <= 3 * 8, () -> "bounded: " + toA + " requests");
        }
    }

    @Test
    @DisplayName("[AUTH-001] https with a self-signed certificate: refused without -k (exit 2), reached with -k and with --cacert")
    void httpsTrust(@TempDir Path certs) throws Exception {
        try (TlsStreamServer s = TlsStreamServer.start(certs)) {
            CommandRun refused = check(s.url("/events"), "--run", STATUS_ONLY);
            assertEquals(2, refused.exitCode(), refused::describe);
            assertTrue(refused.err().startsWith("sse-kit check: cannot connect to 127.0.0.1:"), refused::describe);
            assertFalse(refused.err().contains("\tat "), refused::describe);

            CommandRun insecure = check(s.url("/events"), "--run", STATUS_ONLY, "-k");
            assertEquals(0, insecure.exitCode(), insecure::describe);
            assertOutcome(insecure, "pass", "check/generic/content-type");

            CommandRun trusted = check(s.url("/events"), "--run", STATUS_ONLY, "--cacert", s.certPem().toString());
            assertEquals(0, trusted.exitCode(), trusted::describe);
            assertOutcome(trusted, "pass", "check/generic/status");
        }
    }

    @Test
    @DisplayName("[KIT-004] bad option values exit 2 with one line naming the option, never a stack trace")
    void badOptionValuesExit2(@TempDir Path dir) throws IOException {
        Path notPem = dir.resolve("not.pem");
        Files.writeString(notPem, "hello");
        Map<List<String>, String> cases = Map.of(
                List.of("-H", "NoColon"), "-H/--header",
                List.of("-H", "Bad Name: x"), "-H/--header",
                List.of("-H", "Content-Length: 3"), "-H/--header",
                List.of("--data-file", dir.resolve("missing.json").toString()), "--data-file",
                List.of("--cacert", dir.resolve("missing.pem").toString()), "--cacert",
                List.of("--cacert", notPem.toString()), "--cacert",
                List.of("--run", "(unclosed"), "--run",
                List.of("--skip", "*x"), "--skip",
                List.of("--max-redirs", "-1"), "--max-redirs",
                List.of("-X", "BAD METHOD"), "--method");
        cases.forEach((args, option) -> {
            String[] all = new String[args.size() + 2];
            all[0] = "check";
            all[1] = "http://127.0.0.1:1/events";
            for (int i = 0; i < args.size(); i++) {
                all[i + 2] = args.get(i);
            }
            CommandRun run = CommandRun.of("", all);
            assertEquals(2, run.exitCode(), () -> args + ": " + run.describe());
            assertTrue(run.err().startsWith("sse-kit check: ") && run.err().contains(option), () -> args + ": " + run.describe());
            assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), () -> args + ": " + run.describe());
        });
        CommandRun both = CommandRun.of("", "check", "http://127.0.0.1:1/", "-d", "{}", "--data-file", notPem.toString());
        assertEquals(2, both.exitCode(), both::describe);
        assertTrue(both.err().contains("--data"), both::describe);
    }

    @Test
    @DisplayName("[AUTH-001] --run runs only the matching cases, --skip leaves out the matching ones; both listed as not-run")
    void runAndSkip() throws IOException {
        try (RawServer s = RawServer.handling("stream", (r, sock, o) -> stream(o, STREAM))) {
            CommandRun only = check(s.url("/events"), "--run", "^check/generic/status$");
            assertOutcome(only, "pass", "check/generic/status");
            assertOutcome(only, "not-run", "check/generic/content-type");
            assertTrue(only.outText().contains("not selected by --run ^check/generic/status$"), only::describe);
            assertFalse(only.err().contains("check/generic/content-type ..."), only::describe);

            CommandRun skipped = check(s.url("/events"), "--skip", "^(stream|check/document|check/generic/(resume|end|heartbeat|flush|field))");
            assertOutcome(skipped, "pass", "check/generic/status");
            assertOutcome(skipped, "not-run", "check/generic/resume");
            assertOutcome(skipped, "not-run", "stream/api/probe-whole");
            assertTrue(skipped.outText().contains("skipped by --skip"), skipped::describe);
            assertTrue(Files.readString(results()).contains("skipped by --skip"));
        }
    }

    @Test
    @DisplayName("[AUTH-001,KIT-004] --junit writes JUnit XML: one testcase per case, h2spec's failure text, skips with reasons")
    void junitXml() throws Exception {
        try (RawServer s = RawServer.handling("plain", (r, sock, o) -> {
            o.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n" + STREAM).getBytes(StandardCharsets.UTF_8));
            o.flush();
        })) {
            Path xml = out.resolve("ci/junit.xml");
            CommandRun run = check(s.url("/events"), "--run", "^check/generic/", "--junit", xml.toString());
            assertEquals(1, run.exitCode(), run::describe);
            Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
            NodeList cases = d.getElementsByTagName("testcase");
            long total = Files.readString(results()).split("\"outcome\"", -1).length - 1;
            assertEquals(total, cases.getLength());
            Element ct = byName(cases, "[AUTH-001] check/generic/content-type");
            Element failure = (Element) ct.getElementsByTagName("failure").item(0);
            assertNotNull(failure, "content-type fails");
            assertEquals("fail", failure.getAttribute("type"));
            String text = failure.getTextContent();
            assertTrue(text.startsWith("[AUTH-001] check/generic/content-type\n  -> HTTP 200 OK responses"), text);
            assertTrue(text.contains("\n  Expected: Content-Type: text/event-stream\n  Actual:   Content-Type: \"text/plain\""), text);
            Element skipped = firstWith(cases, "stream/api/probe-whole");
            assertTrue(skipped.getElementsByTagName("skipped").getLength() == 1, "a case left out by --run is skipped");
            assertTrue(((Element) skipped.getElementsByTagName("skipped").item(0)).getAttribute("message")
                    .contains("not selected by --run"));
            Element suite = (Element) d.getElementsByTagName("testsuite").item(0);
            assertTrue(Integer.parseInt(suite.getAttribute("failures")) >= 1);
        }
    }

    @Test
    @DisplayName("[KIT-004] JUnit failure text escapes CR, LF and NUL of Expected and Actual, so the XML stays well-formed")
    void junitEscapesControls() throws Exception {
        ResultEntry e = new ResultEntry("check/generic/parse", "test", List.of("AUTH-001"), Outcome.FAIL, "a\r\nb",
                "x\u0000y\rz\n", "ignored", 1);
        String xml = JUnitReport.render("s", List.of(e), false);
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        String text = d.getElementsByTagName("failure").item(0).getTextContent();
        assertTrue(text.contains("  Expected: a\\r\\nb\n  Actual:   x\\u0000y\\rz\\n"), text);
    }

    private static Element byName(NodeList cases, String name) {
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static Element firstWith(NodeList cases, String id) {
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("name").endsWith("] " + id)) {
                return e;
            }
        }
        throw new AssertionError("no testcase for " + id);
    }

    @Test
    @DisplayName("[HTTP-010] --strict turns a SHOULD failure (non-strict) into exit 1; without it the run exits 0")
    void strictFailsOnShoulds() throws IOException {
        try (RawServer s = RawServer.handling("no-cache-control", (r, sock, o) -> {
            o.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" + STREAM)
                    .getBytes(StandardCharsets.UTF_8));
            o.flush();
        })) {
            String select = "^check/generic/(status|content-type|no-store)$";
            CommandRun lax = check(s.url("/events"), "--run", select);
            assertTrue(lax.outText().contains("non-strict     [check/generic/no-store]"), lax::describe);
            assertEquals(0, lax.exitCode(), lax::describe);
            CommandRun strict = check(s.url("/events"), "--run", select, "--strict");
            assertEquals(1, strict.exitCode(), strict::describe);
        }
    }

    @Test
    @DisplayName("[API-036] a server that writes the event parameter raw fails field-injection, with the injected line")
    void rawEventParameterIsInjection() throws IOException {
        try (RawServer s = RawServer.handling("raw-event", (r, sock, o) -> {
            String type = r.query().getOrDefault("event", "lol");
            stream(o, "event: " + type + "\ndata: A\n\n");
        })) {
            CommandRun run = check(s.url("/events"), "--run", "field-injection");
            assertEquals(1, run.exitCode(), run::describe);
            assertOutcome(run, "fail", "check/generic/field-injection");
            assertTrue(run.outText().contains("CR: the line \"data: ssekit-injected\" arrived as a field of its own"), run::describe);
            assertTrue(run.outText().contains("LF: the line"), run::describe);
            assertTrue(run.outText().contains("CRLF: the line"), run::describe);
        }
    }

    @Test
    @DisplayName("[API-036] an encoder that cuts the type at its last line break (as Quarkus REST's did) is caught by an LF-started field closed by a CR")
    void typeCutAtTheLastBreakIsInjection() throws IOException {
        try (RawServer s = RawServer.handling("cut-at-last-break", (r, sock, o) -> {
            String type = r.query().getOrDefault("event", "lol");
            int cut = Math.max(type.indexOf('\n'), type.indexOf('\r'));
            stream(o, "event: " + (cut < 0 ? type : type.substring(0, cut)) + "\ndata: A\n\n");
        })) {
            CommandRun run = check(s.url("/events"), "--run", "field-injection");
            assertOutcome(run, "fail", "check/generic/field-injection");
            assertTrue(run.outText().contains("LF then CR: the line \"data: ssekit-injected\" arrived"), run::describe);
            assertFalse(run.outText().contains("CRLF: the line"), "a lone break is cut away: " + run.describe());
        }
    }

    @Test
    @DisplayName("[API-036] a server that ignores the event parameter: field-injection is not-applicable, saying so")
    void ignoredEventParameterIsNotApplicable() throws IOException {
        try (RawServer s = RawServer.handling("fixed-type", (r, sock, o) -> stream(o, "event: lol\ndata: A\n\n"))) {
            CommandRun run = check(s.url("/events"), "--run", "field-injection");
            assertOutcome(run, "not-applicable", "check/generic/field-injection");
            assertTrue(run.outText().contains("the event parameter is ignored"), run::describe);
        }
    }

    @Test
    @DisplayName("[API-036,ENC-004] our Undertow server answers 400 to an event type with CR, LF or CRLF: field-injection passes")
    void ourServerRefusesInjection() throws IOException {
        try (UndertowSseServer server = UndertowSseServer.start(SseServerConfig.defaults().withHost("127.0.0.1").withPort(0))) {
            CommandRun run = check("http://127.0.0.1:" + server.port() + "/api/sse", "--run", "field-injection");
            assertEquals(0, run.exitCode(), run::describe);
            assertOutcome(run, "pass", "check/generic/field-injection");
            String json = Files.readString(results());
            assertTrue(json.contains("CR: answered 400 (refused); LF: answered 400 (refused); CRLF: answered 400 (refused)"), json);
        }
    }

    @Test
    @DisplayName("[KIT-004] sse-kit help check lists every option of reaching a server")
    void helpListsTheOptions() {
        CommandRun run = CommandRun.of("", "help", "check");
        assertEquals(0, run.exitCode(), run::describe);
        for (String o : List.of("-H, --header", "-X, --method", "-d, --data", "--data-file", "-k, --insecure", "--cacert",
                "--max-redirs", "--run", "--skip", "--junit", "--strict")) {
            assertTrue(run.outText().contains(o), () -> o + " missing: " + run.outText());
        }
    }
}
