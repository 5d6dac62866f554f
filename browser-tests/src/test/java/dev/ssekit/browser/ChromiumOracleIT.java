package dev.ssekit.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.ExpectedEvent;
import dev.ssekit.spec.Failure;
import dev.ssekit.spec.ParseVector;
import dev.ssekit.spec.SpecFiles;
import dev.ssekit.spec.Vectors;
import dev.ssekit.spec.results.ConformanceReport;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Chromium as the oracle for the parse vectors. Every parse vector is played back byte for byte by
 * {@link PlaybackServer} to an EventSource in one headless Chromium session, whole and (when it declares
 * {@code splitAt}) in its declared chunks, and the events the page sees are compared with the vector's.
 * <p>
 * A disagreement is allowed only where the vector says so: {@code "browsers": {"chromium": "differs", "note": ...}}
 * in its JSON; such a vector is recorded as {@code info} with the note. Any other disagreement fails its test.
 * Not observable from a page: the reconnection time ({@code expected.retry}), and events of a type nobody listens
 * for (the page listens to {@code message}, every expected type, and every type named by an {@code event} line
 * of the input).
 */
class ChromiumOracleIT {

    /** EventSources open at once: below Chromium's 6 connections per origin on HTTP/1.1. */
    private static final int CONCURRENCY = 5;
    private static final int BATCH = 60;
    private static final int STREAM_TIMEOUT_MS = 5000;

    private static final String RETRY_NOTE = "retry is not observable in a browser (the reconnection time is internal "
            + "to EventSource)";

    /** One EventSource run: a vector in one mode. */
    private record Job(int index, String mode) {
        String key() {
            return index + "/" + mode;
        }
    }

    /** What the page saw for one job. */
    private record Seen(List<ExpectedEvent> events, boolean opened, String end, long ms) {
    }

    @TestFactory
    @DisplayName("[PARSE-006] Chromium's EventSource dispatches what every parse vector expects, whole and in its chunks")
    List<DynamicTest> chromiumAgreesWithEveryParseVector() {
        List<ParseVector> vectors = Vectors.parse();
        Map<String, OracleMarks.Mark> marks = OracleMarks.chromium();
        ConformanceReport report = ConformanceReport.current();
        if (Chromium.missing().isPresent() && !Chromium.required() && report != null) {
            for (ParseVector v : vectors) {
                report.record(new ResultEntry(v.id(), ResultEntry.VECTOR, v.requirements(), Outcome.NOT_RUN, null, null,
                        "not-run: " + Chromium.missing().get(), 0));
            }
        }
        long t0 = System.nanoTime();
        ChromeDriver driver = Chromium.start();
        Map<String, Seen> seen;
        String version;
        int reconnects;
        try (PlaybackServer server = new PlaybackServer(vectors)) {
            version = String.valueOf(driver.getCapabilities().getBrowserVersion());
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
            driver.get(server.origin() + "/oracle/harness.html");
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < vectors.size(); i++) {
                jobs.add(new Job(i, "whole"));
                if (vectors.get(i).splitAt().length > 0) {
                    jobs.add(new Job(i, "chunks"));
                }
            }
            seen = new LinkedHashMap<>();
            for (int from = 0; from < jobs.size(); from += BATCH) {
                List<Job> batch = jobs.subList(from, Math.min(jobs.size(), from + BATCH));
                List<Map<String, Object>> js = new ArrayList<>();
                for (Job j : batch) {
                    js.add(Map.of("key", j.key(), "url", "/v/" + j.index() + "?mode=" + j.mode(),
                            "types", new ArrayList<>(listenTypes(vectors.get(j.index())))));
                }
                Object raw = driver.executeAsyncScript(
                        "const cb = arguments[arguments.length - 1];"
                                + "window.oracle.run(arguments[0], arguments[1], arguments[2], cb);",
                        js, CONCURRENCY, STREAM_TIMEOUT_MS);
                seen.putAll(decode(String.valueOf(raw)));
            }
            reconnects = server.reconnects();
        } finally {
            driver.quit();
        }
        double runMs = (System.nanoTime() - t0) / 1e6;

        List<DynamicTest> tests = new ArrayList<>();
        List<String> unmarked = new ArrayList<>();
        List<String> marked = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        int agreements = 0;
        for (int i = 0; i < vectors.size(); i++) {
            ParseVector v = vectors.get(i);
            List<String> modes = v.splitAt().length > 0 ? List.of("whole", "chunks") : List.of("whole");
            List<String> problems = new ArrayList<>();
            List<String> actuals = new ArrayList<>();
            long ms = 0;
            for (String mode : modes) {
                Seen s = seen.get(i + "/" + mode);
                if (s == null) {
                    problems.add(mode + ": no result from the page");
                    actuals.add(mode + ": none");
                    continue;
                }
                ms += s.ms();
                String label = mode.equals("whole") ? "whole" : "declared chunks " + java.util.Arrays.toString(v.splitAt());
                if (!s.events().equals(v.events())) {
                    problems.add(label + " (stream end: " + s.end() + (s.opened() ? "" : ", never opened") + ")");
                    actuals.add(label + ": " + render(s.events()));
                } else if (s.end().equals("timeout")) {
                    problems.add(label + ": events agree but the stream never ended (timeout)");
                    actuals.add(label + ": " + render(s.events()) + " then timeout");
                }
            }
            OracleMarks.Mark mark = marks.get(v.id());
            boolean differsMarked = mark != null && "differs".equals(mark.status());
            String expected = render(v.events());
            String retryNote = RETRY_NOTE + (v.retry() == null ? "" : "; expected.retry " + v.retry() + " not checked");
            ResultEntry entry;
            String failure = null;
            if (problems.isEmpty()) {
                agreements++;
                String detail = "Chromium " + version + " agrees (" + String.join(" and ", modes.stream()
                        .map(m -> m.equals("whole") ? "whole" : "declared chunks").toList()) + "); " + retryNote;
                if (differsMarked) {
                    stale.add(v.id());
                    detail += "; note: the vector is marked chromium=differs but Chromium agrees";
                }
                entry = new ResultEntry(v.id(), ResultEntry.VECTOR, v.requirements(), Outcome.PASS, expected,
                        null, detail, ms);
            } else {
                String actual = String.join("; ", actuals);
                if (differsMarked) {
                    marked.add(v.id() + ": " + mark.note());
                    entry = new ResultEntry(v.id(), ResultEntry.VECTOR, v.requirements(), Outcome.INFO, expected, actual,
                            "Chromium " + version + " differs (marked): " + mark.note() + "; seen in " + String.join(", ", problems)
                                    + "; " + retryNote, ms);
                } else {
                    failure = Failure.format(v.requirements(), v.id() + " (Chromium " + version + ", " + String.join(", ", problems) + ")",
                            expected, actual);
                    unmarked.add(failure);
                    entry = new ResultEntry(v.id(), ResultEntry.VECTOR, v.requirements(), Outcome.ofFailure(v.requirements()),
                            expected, actual, failure + "\n  " + retryNote, ms);
                }
            }
            if (report != null) {
                report.record(entry);
            }
            String message = failure;
            tests.add(DynamicTest.dynamicTest("[" + String.join(",", v.requirements()) + "] " + v.id(), () -> {
                if (message != null) {
                    Assertions.fail("Chromium disagrees with the vector and the vector is not marked "
                            + "\"browsers\": {\"chromium\": \"differs\"}:\n" + message);
                }
            }));
        }
        if (report != null) {
            report.meta("chromium.version", version);
            report.meta("chromium.oracle", vectors.size() + " parse vectors, " + seen.size() + " streams, " + agreements
                    + " agree, " + marked.size() + " differ (marked), " + unmarked.size() + " differ (unmarked)");
        }
        System.out.printf("[oracle] Chromium %s: %d parse vectors checked (%d streams, %d reconnects answered 204), "
                        + "%d agree, %d disagree (marked), %d disagree (unmarked), run time %.1f s%n",
                version, vectors.size(), seen.size(), reconnects, agreements, marked.size(), unmarked.size(), runMs / 1000);
        marked.forEach(m -> System.out.println("[oracle] marked differs: " + m));
        stale.forEach(m -> System.out.println("[oracle] WARNING marked differs but agrees: " + m));
        unmarked.forEach(m -> System.out.println("[oracle] UNMARKED disagreement:\n" + m));
        return tests;
    }

    /** message, every expected type, and every type an {@code event} line of the input could set. */
    static Set<String> listenTypes(ParseVector v) {
        Set<String> types = new LinkedHashSet<>();
        types.add("message");
        v.events().forEach(e -> types.add(e.type()));
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(v.input())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            text = new String(v.input(), StandardCharsets.UTF_8);
        }
        if (text.startsWith("\ufeff")) {
            text = text.substring(1);
        }
        for (String line : text.split("\r\n|\r|\n", -1)) {
            if (!line.startsWith("event")) {
                continue;
            }
            int colon = line.indexOf(':');
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (!value.isEmpty()) {
                types.add(value);
            }
            if (value.startsWith(" ") && value.length() > 1) {
                types.add(value.substring(1));
            }
        }
        return types;
    }

    private static Map<String, Seen> decode(String json) {
        Map<String, Seen> out = new LinkedHashMap<>();
        try {
            JsonNode arr = SpecFiles.json().readTree(json);
            for (JsonNode r : arr) {
                List<ExpectedEvent> events = new ArrayList<>();
                for (JsonNode e : r.path("events")) {
                    events.add(new ExpectedEvent(e.path("type").asText(), e.path("data").asText(),
                            e.path("lastEventId").asText()));
                }
                out.put(r.path("key").asText(), new Seen(events, r.path("opened").asBoolean(), r.path("end").asText(),
                        r.path("ms").asLong()));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the harness page returned no JSON: " + json, e);
        }
        return out;
    }

    private static String render(List<ExpectedEvent> events) {
        return events.isEmpty() ? "(no events)"
                : events.stream().map(ExpectedEvent::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
