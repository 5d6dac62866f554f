package dev.ssekit.spec.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.spec.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsMatrixTest {

    @TempDir
    Path dir;

    private static ResultEntry entry(String id, Outcome o, String... reqs) {
        return new ResultEntry(id, ResultEntry.TEST, List.of(reqs), o, null, null, o == Outcome.PASS ? null : "why", 1);
    }

    /** Writes a results file the way every suite does, and reads it back. */
    private ResultsFile write(String subject, ResultEntry... entries) {
        ConformanceReport r = ConformanceReport.of(subject);
        for (ResultEntry e : entries) {
            r.record(e);
        }
        r.meta("note", "written by " + getClass().getSimpleName());
        return ResultsFile.read(r.writeTo(dir));
    }

    @Test
    @DisplayName("[KIT-010] a cell shows the worst of its cases by one order: fail, non-strict, not-run, info, pass, not-applicable, untestable")
    void worstOutcomeByOneOrder() {
        List<Outcome> worstFirst = List.of(Outcome.FAIL, Outcome.NON_STRICT, Outcome.NOT_RUN, Outcome.INFO, Outcome.PASS,
                Outcome.NOT_APPLICABLE, Outcome.UNTESTABLE);
        for (int i = 0; i < worstFirst.size(); i++) {
            assertEquals(i, worstFirst.get(i).severity(), worstFirst.get(i).word());
            List<Outcome> rest = new ArrayList<>(worstFirst.subList(i, worstFirst.size()));
            java.util.Collections.reverse(rest);
            assertEquals(worstFirst.get(i), Outcome.worst(rest), rest.toString());
        }
        assertNull(Outcome.worst(List.of()));

        ResultsFile f = write("matrix-test-worst", entry("a", Outcome.PASS, "PARSE-001"), entry("b", Outcome.INFO, "PARSE-001"),
                entry("c", Outcome.NON_STRICT, "PARSE-001"), entry("d", Outcome.NOT_RUN, "PARSE-001"),
                entry("e", Outcome.PASS, "PARSE-002"));
        ResultsMatrix m = ResultsMatrix.of(List.of(f));
        assertEquals(Outcome.NON_STRICT, m.row("PARSE-001").cells().get(0).outcome());
        assertEquals(4, m.row("PARSE-001").cells().get(0).cases().size());
        assertEquals(Outcome.PASS, m.row("PARSE-002").cells().get(0).outcome());
    }

    @Test
    @DisplayName("[KIT-010] the matrix has one row per requirement and one column per subject, with case rows across subjects")
    void rowsColumnsAndCaseRows() {
        ResultsFile a = write("matrix-test-a", entry("v/1", Outcome.PASS, "PARSE-001", "PARSE-002"),
                entry("v/2", Outcome.FAIL, "PARSE-002"));
        ResultsFile b = write("matrix-test-b", entry("v/2", Outcome.PASS, "PARSE-002"), entry("t", Outcome.PASS, "KIT-001"));
        ResultsMatrix m = ResultsMatrix.of(List.of(new ResultsMatrix.Column("matrix-test-a", a),
                new ResultsMatrix.Column("matrix-test-b", b), new ResultsMatrix.Column("missing", null)),
                Requirements.load());
        assertEquals(Requirements.load().all().size(), m.rows().size());
        assertEquals(List.of("matrix-test-a", "matrix-test-b", "missing"),
                m.columns().stream().map(ResultsMatrix.Column::subject).toList());

        ResultsMatrix.Row row = m.row("PARSE-002");
        assertEquals(Outcome.FAIL, row.cells().get(0).outcome());
        assertEquals(Outcome.PASS, row.cells().get(1).outcome());
        assertNull(row.cells().get(2).outcome(), "a subject without results shows nothing");
        List<ResultsMatrix.CaseRow> cases = row.caseRows();
        assertEquals(List.of("v/1", "v/2"), cases.stream().map(ResultsMatrix.CaseRow::caseId).toList());
        assertEquals(0, cases.get(0).cells().get(0).index());
        assertNull(cases.get(0).cells().get(1), "b has no case v/1");
        assertEquals(1, cases.get(1).cells().get(0).index(), "the case's position in its file");
        assertEquals(0, cases.get(1).cells().get(1).index());

        // with no case, an untestable requirement says so, a testable one shows nothing
        String untestable = Requirements.load().all().stream().filter(r -> !r.isTestable()).findFirst().orElseThrow().id();
        assertEquals(Outcome.UNTESTABLE, m.row(untestable).cells().get(0).outcome());
        assertNull(m.row(untestable).cells().get(2).outcome());
        assertNull(m.row("PARSE-003").cells().get(0).outcome());

        List<String> cited = m.citedAreas().stream().flatMap(x -> x.rows().stream()).map(r -> r.requirement().id()).toList();
        assertEquals(List.of("PARSE-001", "PARSE-002", "KIT-001"), cited);
        assertEquals(List.of("PARSE", "KIT"), m.citedAreas().stream().map(ResultsMatrix.Area::name).toList());
        assertEquals(List.of("PARSE", "PROC", "CORS", "AUTH", "API", "HTTP", "ENC", "KIT", "H2"),
                m.areas().stream().map(ResultsMatrix.Area::name).toList());
    }

    @Test
    @DisplayName("[KIT-010] a results file reads back as written; other JSON in a results folder is skipped, and read() refuses it")
    void readsBackAndSkipsOtherJson() throws IOException {
        ResultsFile f = write("matrix-test-read", new ResultEntry("x", ResultEntry.VECTOR, List.of("PARSE-001"), Outcome.FAIL,
                "e", "a", "d", 2.5));
        assertEquals("matrix-test-read", f.subject());
        assertEquals(1, f.count(Outcome.FAIL));
        assertEquals(0, f.count(Outcome.PASS));
        assertEquals(List.of(Outcome.values()), List.copyOf(f.counts().keySet()), "every word, in the file's order");
        assertEquals("written by ResultsMatrixTest", f.meta().get("note"));
        ResultEntry e = f.entries().get(0);
        assertEquals(new ResultEntry("x", ResultEntry.VECTOR, List.of("PARSE-001"), Outcome.FAIL, "e", "a", "d", 2.5), e);
        assertFalse(f.generated().isEmpty());

        Path other = Files.writeString(dir.resolve("servers.json"), "{\"mode\":\"quick\"}");
        assertEquals(List.of("matrix-test-read"), ResultsFile.list(dir).stream().map(ResultsFile::subject).toList());
        assertTrue(ResultsFile.list(dir.resolve("nowhere")).isEmpty());
        assertThrows(IllegalStateException.class, () -> ResultsFile.read(other));
        Path badWord = Files.writeString(dir.resolve("bad.json"), "{\"format\":\"sse-kit-results/1\",\"subject\":\"bad\","
                + "\"entries\":[{\"id\":\"x\",\"outcome\":\"passed\"}]}");
        IllegalStateException ex = assertThrows(IllegalStateException.class, () -> ResultsFile.read(badWord));
        assertTrue(ex.getMessage().contains("bad.json") && ex.getMessage().contains("passed"), ex.getMessage());
    }
}
