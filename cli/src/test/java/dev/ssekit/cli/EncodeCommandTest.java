package dev.ssekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssekit.spec.EncodeInput;
import dev.ssekit.spec.EncodeVector;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.Failure;
import dev.ssekit.spec.Vectors;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class EncodeCommandTest {

    // \\uXXXX escapes for everything non-ASCII, so an unpaired surrogate survives the trip into the JSON line.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    @TestFactory
    @DisplayName("[ENC-008,KIT-003] sse-kit encode writes the exact bytes of every encode vector")
    Stream<DynamicTest> agreesWithEveryEncodeVector() {
        List<EncodeVector> vectors = Vectors.encode().stream().filter(v -> !v.expectsError()).toList();
        assertFalse(vectors.isEmpty(), "no encode vectors found");
        return vectors.stream().map(v -> DynamicTest.dynamicTest(
                "[" + String.join(",", v.requirements()) + "] " + v.id(), () -> {
                    CommandRun run = CommandRun.of(jsonLine(v.event()) + "\n", "encode");
                    if (run.exitCode() != 0 || !Arrays.equals(v.bytes(), run.out())) {
                        fail(Failure.format(v.requirements(), v.id(),
                                "exit 0, " + Escapes.quote(new String(v.bytes(), StandardCharsets.UTF_8)),
                                run.describe()));
                    }
                }));
    }

    @TestFactory
    @DisplayName("[KIT-003] sse-kit encode refuses every error vector, naming the field")
    Stream<DynamicTest> refusesEveryErrorVector() {
        List<EncodeVector> vectors = Vectors.encode().stream().filter(EncodeVector::expectsError).toList();
        assertFalse(vectors.isEmpty(), "no encode error vectors found");
        return vectors.stream().map(v -> DynamicTest.dynamicTest(
                "[" + String.join(",", v.requirements()) + "] " + v.id(), () -> {
                    CommandRun run = CommandRun.of(jsonLine(v.event()) + "\n", "encode");
                    boolean ok = run.exitCode() == 2 && run.out().length == 0 && run.err().startsWith("line 1: ")
                            && run.err().indexOf('\n') == run.err().length() - 1
                            && run.err().contains(v.errorField());
                    if (!ok) {
                        fail(Failure.format(v.requirements(), v.id(), "exit 2, \"line 1: …" + v.errorField() + "…\"",
                                run.describe()));
                    }
                }));
    }

    @Test
    @DisplayName("[KIT-003] blank lines are skipped; an invalid line stops with its number after the events before it")
    void reportsTheLineNumberOfTheFirstInvalidEvent() {
        String in = "{\"data\":\"a\"}\n\n   \r\n{\"id\":\"1\",\"event\":\"x\",\"data\":\"b\"}\r\n{\"event\":\"a\\rb\"}\n{\"data\":\"never\"}\n";
        CommandRun run = CommandRun.of(in, "encode");
        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("data: a\n\nid: 1\nevent: x\ndata: b\n\n", run.outText());
        assertTrue(run.err().startsWith("line 5: "), run::describe);
        assertTrue(run.err().contains("event"), run::describe);
    }

    @Test
    @DisplayName("[KIT-003] each event is written out before more input is awaited")
    void writesEventsBeforeWaitingForInput() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> shownBeforeRead = new ArrayList<>();
        List<byte[]> chunks = List.of("{\"data\":\"1\"}\n{\"da".getBytes(StandardCharsets.UTF_8),
                "ta\":\"2\"}\n".getBytes(StandardCharsets.UTF_8));
        InputStream in = new ChunkedInputStream(chunks) {
            @Override
            public int read(byte[] b, int off, int len) {
                shownBeforeRead.add(out.toString(StandardCharsets.UTF_8));
                return super.read(b, off, len);
            }
        };
        assertEquals(0, Main.run(in, out, new ByteArrayOutputStream(), "encode"));
        assertEquals(List.of("", "data: 1\n\n", "data: 1\n\ndata: 2\n\n"), shownBeforeRead);
    }

    @Test
    @DisplayName("[KIT-003] a last line without a line break is encoded; empty input writes nothing")
    void encodesLastLineWithoutBreak() {
        CommandRun run = CommandRun.of("{\"retry\":1000,\"comment\":\"hi\"}", "encode");
        assertEquals(0, run.exitCode(), run::describe);
        assertEquals(": hi\nretry: 1000\n\n", run.outText());
        CommandRun empty = CommandRun.of("", "encode");
        assertEquals(0, empty.exitCode(), empty::describe);
        assertEquals("", empty.outText());
    }

    @Test
    @DisplayName("[KIT-003,PARSE-030] null members count as absent; non-ASCII text is written as UTF-8")
    void nullMembersAreAbsent() {
        CommandRun run = CommandRun.of("{\"comment\":null,\"retry\":null,\"id\":null,\"event\":null,\"data\":\"\u00e9\\u20ac\"}\n", "encode");
        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("data: \u00e9\u20ac\n\n", run.outText());
    }

    @Test
    @DisplayName("[KIT-003,KIT-004] lines that are not an event object are refused with a clear message")
    void refusesMalformedLines() {
        assertRefused("{\"data\":\"a\",\"name\":\"x\"}", "line 1: unknown member \"name\"");
        assertRefused("{\"data\":\"a\",\"data\":\"b\"}", "line 1: malformed JSON");
        assertRefused("{\"data\":1}", "line 1: \"data\" must be a string or null, found an integer");
        assertRefused("{\"retry\":\"5\"}", "line 1: \"retry\" must be a whole number of milliseconds or null, found a string");
        assertRefused("{\"retry\":1.5}", "line 1: \"retry\" must be a whole number");
        assertRefused("{\"retry\":99999999999999999999}", "line 1: \"retry\" is out of range");
        assertRefused("[\"data\"]", "line 1: expected a JSON object");
        assertRefused("{\"data\":\"a\"} x", "line 1: malformed JSON");
        assertRefused("{\"data\":\"a\"", "line 1: malformed JSON");
        assertRefused("{\"retry\":-1}", "line 1: ");
    }

    @Test
    @DisplayName("[KIT-004] a missing file exits 2 with a one-line message")
    void missingFileExitsTwo(@TempDir Path dir) {
        String missing = dir.resolve("events.jsonl").toString();
        CommandRun run = CommandRun.of("", "encode", missing);
        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("sse-kit encode: cannot read " + missing + ": no such file\n", run.err());
    }

    @Test
    @DisplayName("[KIT-013] a line over --max-line-length exits 2 naming the limit and the line, after the lines before it")
    void lineOverTheLimitExits2() {
        CommandRun run = CommandRun.of("{\"data\":\"a\"}\n{\"data\":\"" + "x".repeat(40) + "\"}\n", "encode",
                "--max-line-length", "32");
        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("data: a\n\n", run.outText());
        assertEquals("line 2: longer than --max-line-length (32 bytes)\n", run.err());
    }

    @Test
    @DisplayName("[KIT-013] a line of exactly --max-line-length bytes passes; its line ending does not count")
    void lineAtTheLimitPasses() {
        String line = "{\"data\":\"" + "x".repeat(20) + "\"}";
        CommandRun run = CommandRun.of(line + "\r\n" + line, "encode", "--max-line-length", String.valueOf(line.length()));
        assertEquals(0, run.exitCode(), run::describe);
        assertEquals(("data: " + "x".repeat(20) + "\n\n").repeat(2), run.outText());
    }

    @Test
    @DisplayName("[KIT-013] a 64 MiB line exits 2 at the 1 MiB default without being read into memory, and without a stack trace")
    void hugeLineIsNotBuffered() {
        GeneratedLine in = new GeneratedLine("{\"data\":\"", 'x', 64L << 20, "\"}\n");
        CommandRun run = CommandRun.of(in, "encode");
        // not run::describe: the output may be the whole line
        assertEquals(2, run.exitCode(), () -> "exit " + run.exitCode() + ", " + run.out().length + " bytes out, stderr " + run.err());
        assertEquals("line 1: longer than --max-line-length (1048576 bytes)\n", run.err());
        assertTrue(in.served() <= (1 << 20) + 64 * 1024, () -> "read " + in.served() + " bytes of a 64 MiB line");
    }

    @Test
    @DisplayName("[KIT-004,KIT-013] --max-line-length must be a positive number of bytes")
    void maxLineLengthMustBePositive() {
        for (String bad : List.of("0", "-3", "many")) {
            CommandRun run = CommandRun.of("{}\n", "encode", "--max-line-length", bad);
            assertEquals(2, run.exitCode(), run::describe);
            assertTrue(run.err().contains("--max-line-length"), run::describe);
        }
    }

    @Test
    @DisplayName("[KIT-013] encode --help documents --max-line-length and its 1 MiB default")
    void helpDocumentsTheLimit() {
        CommandRun run = CommandRun.of("", "encode", "--help");
        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.outText().contains("--max-line-length=BYTES") && run.outText().contains("1048576"), run::describe);
    }

    private static void assertRefused(String line, String errPrefix) {
        CommandRun run = CommandRun.of(line + "\n", "encode");
        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("", run.outText());
        assertTrue(run.err().startsWith(errPrefix), run::describe);
        assertEquals(run.err().length() - 1, run.err().indexOf('\n'), run::describe);
    }

    private static String jsonLine(EncodeInput e) throws Exception {
        ObjectNode o = JSON.createObjectNode();
        if (e.comment() != null) {
            o.put("comment", e.comment());
        }
        if (e.retry() != null) {
            o.put("retry", e.retry());
        }
        if (e.id() != null) {
            o.put("id", e.id());
        }
        if (e.event() != null) {
            o.put("event", e.event());
        }
        if (e.data() != null) {
            o.put("data", e.data());
        }
        return JSON.writeValueAsString(o);
    }
}
