package dev.ssekit.bench.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the comparison: {@code index.json} (subjects, their counts and results files, the benchmark tables, the
 * machine) and {@code report.html}, rendered from {@code report.mustache}; the HTML is a view of the JSON.
 */
public final class CompareReport {

    private CompareReport() {
    }

    /** The machine the figures come from: cores, memory, JDK, OS. */
    public static String machine() {
        long mem = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return Runtime.getRuntime().availableProcessors() + " cores, " + (mem >> 30) + " GiB, JDK "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    /** Writes {@code index.json} and {@code report.html} into {@code outDir} and returns the HTML's path. */
    public static Path write(Path outDir, List<Path> resultFolders, List<BenchTable> bench) {
        Map<String, ResultsFile> results = ResultsFiles.read(resultFolders);
        Matrix matrix = Matrix.of(List.copyOf(results.values()));
        String generated = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String machine = machine();
        try {
            Files.createDirectories(outDir);
            ObjectNode index = ResultsFiles.JSON.createObjectNode();
            index.put("format", "sse-kit-compare/1");
            index.put("generated", generated);
            index.put("machine", machine);
            ObjectNode subjects = index.putObject("subjects");
            results.forEach((subject, file) -> {
                ObjectNode s = subjects.putObject(subject);
                ObjectNode counts = s.putObject("counts");
                file.counts().forEach((o, n) -> counts.put(o.word(), n));
                ObjectNode meta = s.putObject("meta");
                file.meta().forEach(meta::put);
            });
            ArrayNode tables = index.putArray("bench");
            for (BenchTable t : bench) {
                tables.addPOJO(t);
            }
            ResultsFiles.JSON.writerWithDefaultPrettyPrinter().writeValue(outDir.resolve("index.json").toFile(), index);

            Map<String, Object> model = new LinkedHashMap<>();
            model.put("generated", generated);
            model.put("machine", machine);
            model.put("outcomeWords", Arrays.stream(Outcome.values()).map(Outcome::word).toList());
            model.put("columns", matrix.columns);
            model.put("columnNames", new ArrayList<>(results.keySet()));
            model.put("areas", matrix.areas);
            model.put("benchTables", bench);
            Mustache template = new DefaultMustacheFactory("dev/ssekit/bench/report").compile("report.mustache");
            Path html = outDir.resolve("report.html");
            try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
                template.execute(w, model);
            }
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the comparison into " + outDir + ": " + e.getMessage(), e);
        }
    }
}
