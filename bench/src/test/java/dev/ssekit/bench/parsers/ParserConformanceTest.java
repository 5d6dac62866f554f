package dev.ssekit.bench.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.spec.ParseVector;
import dev.ssekit.spec.Vectors;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ParserConformanceTest {

    private static Path outDir() {
        return ParserConformance.defaultDir();
    }

    @Test
    @DisplayName("[PARSE-006] ours agrees with every parse vector, whole, in declared chunks and byte by byte")
    void oursPassesEveryVector() {
        ParserConformance.ParserResult r = ParserConformance.runOne(outDir(), new OursParser(), ParserConformance.DEFAULT_TIMEOUT);
        List<String> failures = r.report().entries().stream().filter(e -> e.outcome() != Outcome.PASS)
                .map(ResultEntry::detail).toList();
        assertTrue(failures.isEmpty(), () -> String.join("\n\n", failures));
        assertEquals(Vectors.parse().size(), r.counts().getOrDefault(Outcome.PASS, 0));
        assertEquals(0, r.hangs());
    }

    @Test
    @DisplayName("[PARSE-004, PARSE-013] every peer gets an outcome for every parse vector; hangs are recorded, not fatal")
    void peersCompleteWithAnOutcomePerVector() {
        List<PeerParser> peers = PeerParsers.all().stream().filter(p -> !p.name().equals("ours")).toList();
        List<ParserConformance.ParserResult> results = ParserConformance.runAll(outDir(), peers, ParserConformance.DEFAULT_TIMEOUT);
        Set<String> ids = Vectors.parse().stream().map(ParseVector::id).collect(Collectors.toSet());
        System.out.print(ParserConformance.table(results));
        for (ParserConformance.ParserResult r : results) {
            Set<String> recorded = r.report().entries().stream().map(ResultEntry::id).collect(Collectors.toSet());
            assertTrue(recorded.containsAll(ids), r.parser().name() + " misses vectors");
            int total = r.counts().values().stream().mapToInt(Integer::intValue).sum();
            assertEquals(ids.size(), total, r.parser().name() + ": one outcome per vector");
            assertTrue(r.file().toFile().isFile(), r.parser().name() + " results file");
        }
    }
}
