package dev.ssekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.protocol.ParserLimits;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.ExpectedEvent;
import dev.ssekit.spec.Failure;
import dev.ssekit.spec.ParseVector;
import dev.ssekit.spec.Vectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class ParseCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    @TestFactory
    @DisplayName("[KIT-001] sse-kit parse prints what every parse vector expects")
    Stream<DynamicTest> agreesWithEveryParseVector() {
        List<ParseVector> vectors = Vectors.parse();
        assertFalse(vectors.isEmpty(), "no parse vectors found");
        return vectors.stream().map(v -> DynamicTest.dynamicTest(
                "[" + String.join(",", v.requirements()) + "] " + v.id(), () -> assertAgrees(v)));
    }

    private static void assertAgrees(ParseVector v) throws IOException {
        // Declared chunks arrive one read at a time, as from a pipe.
        CommandRun run = CommandRun.of(new ChunkedInputStream(v.declaredChunks()), "parse");
        if (run.exitCode() != 0 || !run.err().isEmpty()) {
            fail(Failure.format(v.requirements(), v.id(), "exit 0, nothing on stderr", run.describe()));
        }
        List<ExpectedEvent> events = new ArrayList<>();
        BigInteger lastRetry = null;
        for (String line : run.outLines()) {
            JsonNode n = JSON.readTree(line);
            if (n.size() == 1 && n.has("retry") && n.get("retry").isIntegralNumber()) {
                lastRetry = n.get("retry").bigIntegerValue();
            } else if (n.size() == 3 && n.path("type").isTextual() && n.path("data").isTextual()
                    && n.path("lastEventId").isTextual()) {
                events.add(new ExpectedEvent(n.get("type").asText(), n.get("data").asText(), n.get("lastEventId").asText()));
            } else {
                fail(Failure.format(v.requirements(), v.id(), "an event or retry object", Escapes.quote(line)));
            }
        }
        if (!events.equals(v.events())) {
            fail(Failure.format(v.requirements(), v.id(), "events=" + v.events(), "events=" + events));
        }
        // The CLI prints a long, so a retry beyond Long.MAX_VALUE shows saturated (as the parser keeps it).
        BigInteger expectedRetry = v.retry() == null ? null : v.retry().min(LONG_MAX);
        BigInteger actualRetry = lastRetry;
        assertEquals(expectedRetry, actualRetry, () -> Failure.format(v.requirements(), v.id(),
                "last retry line " + retryLine(expectedRetry), "last retry line " + retryLine(actualRetry)));
    }

    @Test
    @DisplayName("[KIT-001,PARSE-019] every valid retry field prints a retry line, in stream order")
    void printsEachRetryInStreamOrder() {
        CommandRun run = CommandRun.of("retry: 10\ndata: a\n\nretry: x\nretry: 020\n\n", "parse");
        assertEquals(0, run.exitCode(), run::describe);
        assertEquals(List.of("{\"retry\":10}", "{\"type\":\"message\",\"data\":\"a\",\"lastEventId\":\"\"}",
                "{\"retry\":20}"), run.outLines());
    }

    @Test
    @DisplayName("[KIT-001] output is UTF-8 JSON: non-ASCII stays readable, control characters are escaped")
    void keepsTextReadableAndEscapesControls() {
        CommandRun run = CommandRun.of("id: \u00e9\u20ac\ud83d\ude00\ndata: a\tb\u0001\u007f\u0085\u2028\"\\\ndata\n\n", "parse");
        assertEquals(0, run.exitCode(), run::describe);
        assertEquals(List.of("{\"type\":\"message\",\"data\":\"a\\tb\\u0001\\u007F\\u0085\\u2028\\\"\\\\\\n\","
                + "\"lastEventId\":\"\u00e9\u20ac\ud83d\ude00\"}"), run.outLines());
    }

    @Test
    @DisplayName("[KIT-002,PARSE-003] invalid UTF-8 parses (as U+FFFD) and exits 0")
    void invalidUtf8ExitsZero() {
        byte[] input = {'d', 'a', 't', 'a', ':', (byte) 0xff, '\n', '\n'};
        CommandRun run = CommandRun.of(input, "parse");
        assertEquals(0, run.exitCode(), run::describe);
        assertEquals(List.of("{\"type\":\"message\",\"data\":\"\ufffd\",\"lastEventId\":\"\"}"), run.outLines());
    }

    @Test
    @DisplayName("[KIT-001] input is read in chunks of at most 8 KiB")
    void readsInEightKibChunks() {
        byte[] big = ("data: " + "x".repeat(100_000) + "\n\n").getBytes(StandardCharsets.UTF_8);
        ChunkedInputStream in = new ChunkedInputStream(List.of(big));
        CommandRun run = CommandRun.of(in, "parse");
        assertEquals(0, run.exitCode(), run::describe);
        assertEquals(8 * 1024, in.largestRequest());
        assertEquals(1, run.outLines().size());
    }

    @Test
    @DisplayName("[KIT-001,PARSE-029] each event is written out before more input is awaited")
    void writesEventsBeforeWaitingForInput() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> shownBeforeRead = new ArrayList<>();
        List<byte[]> chunks = List.of("data: 1\n\nda".getBytes(StandardCharsets.UTF_8),
                "ta: 2\n\n".getBytes(StandardCharsets.UTF_8));
        InputStream in = new ChunkedInputStream(chunks) {
            @Override
            public int read(byte[] b, int off, int len) {
                shownBeforeRead.add(out.toString(StandardCharsets.UTF_8));
                return super.read(b, off, len);
            }
        };
        assertEquals(0, Main.run(in, out, new ByteArrayOutputStream(), "parse"));
        String one = "{\"type\":\"message\",\"data\":\"1\",\"lastEventId\":\"\"}\n";
        String two = "{\"type\":\"message\",\"data\":\"2\",\"lastEventId\":\"\"}\n";
        assertEquals(List.of("", one, one + two), shownBeforeRead);
    }

    @Test
    @DisplayName("[KIT-002,KIT-005] a line over --max-line-length exits 2 naming the limit, after the events before it")
    void lineLimitBreachExitsTwo() {
        CommandRun run = CommandRun.of("data: a\n\ndata: " + "x".repeat(100) + "\n\n", "parse", "--max-line-length", "50");
        assertEquals(2, run.exitCode(), run::describe);
        assertEquals(List.of("{\"type\":\"message\",\"data\":\"a\",\"lastEventId\":\"\"}"), run.outLines());
        assertOneLineNaming(run.err(), "maxLineLength", "--max-line-length");
    }

    @Test
    @DisplayName("[KIT-002,KIT-005] event data over --max-event-size exits 2 naming the limit")
    void eventSizeBreachExitsTwo() {
        CommandRun run = CommandRun.of("data: 1234\ndata: 5678\ndata: 9\n\n", "parse", "--max-event-size", "8");
        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("", run.outText());
        assertOneLineNaming(run.err(), "maxEventSize", "--max-event-size");
    }

    @Test
    @DisplayName("[KIT-005] the default limits are the parser's: a 1 MiB line passes, one byte more does not")
    void defaultLimitsAreTheParsers() {
        int max = ParserLimits.defaults().maxLineLength();
        String fits = "data:" + "x".repeat(max - 5) + "\n\n";
        assertEquals(0, CommandRun.of(fits, "parse").exitCode());
        CommandRun over = CommandRun.of(":" + "x".repeat(max) + "\n", "parse");
        assertEquals(2, over.exitCode(), over::describe);
        assertOneLineNaming(over.err(), "maxLineLength", String.valueOf(max));
    }

    @Test
    @DisplayName("[KIT-004] limits must be positive")
    void rejectsNonPositiveLimits() {
        for (String option : List.of("--max-line-length", "--max-event-size")) {
            for (String value : List.of("0", "-1", "many")) {
                CommandRun run = CommandRun.of("", "parse", option, value);
                assertEquals(2, run.exitCode(), run::describe);
                assertTrue(run.err().contains(option), run::describe);
                assertFalse(run.err().contains("\tat "), run::describe);
            }
        }
    }

    @Test
    @DisplayName("[KIT-004] a missing file exits 2 with a one-line message")
    void missingFileExitsTwo(@TempDir Path dir) {
        String missing = dir.resolve("nope.txt").toString();
        CommandRun run = CommandRun.of("", "parse", missing);
        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("sse-kit parse: cannot read " + missing + ": no such file\n", run.err());
        assertEquals("", run.outText());
    }

    @Test
    @DisplayName("[KIT-001] FILE is read as bytes, and - means standard input")
    void readsFileOrStdin(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("stream");
        Files.write(file, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'd', 'a', 't', 'a', ':', '1', '\r', '\r'});
        String expected = "{\"type\":\"message\",\"data\":\"1\",\"lastEventId\":\"\"}\n";
        CommandRun fromFile = CommandRun.of("data: not this\n\n", "parse", file.toString());
        assertEquals(0, fromFile.exitCode(), fromFile::describe);
        assertEquals(expected, fromFile.outText());
        CommandRun fromDash = CommandRun.of(Files.readAllBytes(file), "parse", "-");
        assertEquals(expected, fromDash.outText());
    }

    private static String retryLine(BigInteger retry) {
        return retry == null ? "(none)" : "{\"retry\":" + retry + "}";
    }

    private static void assertOneLineNaming(String err, String... words) {
        assertTrue(err.endsWith("\n") && err.indexOf('\n') == err.length() - 1, () -> "not one line: " + err);
        for (String w : words) {
            assertTrue(err.contains(w), () -> "stderr does not name " + w + ": " + err);
        }
        assertTrue(err.startsWith("sse-kit parse: "), err);
    }
}
