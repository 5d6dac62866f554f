package dev.ssekit.bench.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.ssekit.spec.results.ClientsMatrix;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
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
 * Writes the comparison: {@code index.json} (subjects, their counts and results files, the clients and their scenario
 * results, the benchmark tables, the machine) and {@code report.html}, rendered from {@code report.mustache}; the HTML
 * is a view of the JSON. Clients ({@link ClientsMatrix#isClient}) are subjects of another kind: they have their own
 * member and matrix, never a column of the requirement matrix.
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
        Map<String, ResultsFile> all = ResultsFiles.read(resultFolders);
        Map<String, ResultsFile> results = new LinkedHashMap<>();
        all.forEach((subject, file) -> {
            if (!ClientsMatrix.isClient(file)) {
                results.put(subject, file);
            }
        });
        Matrix matrix = Matrix.of(List.copyOf(results.values()));
        ClientsMatrix clientsMatrix = ClientsMatrix.of(List.copyOf(all.values()));
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
            clients(index.putObject("clients"), clientsMatrix);
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
            ClientsView clients = ClientsView.of(clientsMatrix);
            model.put("hasClients", !clientsMatrix.isEmpty());
            model.put("clientColumns", clients.columns);
            model.put("clientThemes", clients.themes);
            model.put("clientSpan", clients.columns.size() + 2);
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

    /** Each client by subject: name, version, capabilities, counts, meta, and one result per scenario in file order. */
    private static void clients(ObjectNode out, ClientsMatrix m) {
        for (ClientsMatrix.Client c : m.clients()) {
            ObjectNode n = out.putObject(c.subject());
            n.put("client", c.name());
            n.put("version", c.version());
            ArrayNode caps = n.putArray("capabilities");
            c.capabilities().forEach(caps::add);
            ObjectNode counts = n.putObject("counts");
            c.counts().forEach((o, k) -> counts.put(o.word(), k));
            ObjectNode meta = n.putObject("meta");
            c.file().meta().forEach(meta::put);
            ArrayNode scenarios = n.putArray("scenarios");
            for (ResultEntry e : c.file().entries()) {
                ObjectNode s = scenarios.addObject();
                s.put("id", e.id());
                s.put("theme", ClientsMatrix.theme(e.id()));
                ArrayNode reqs = s.putArray("requirements");
                e.requirements().forEach(reqs::add);
                s.put("outcome", e.outcome().word());
                if (e.expected() != null) {
                    s.put("expected", e.expected());
                }
                if (e.actual() != null) {
                    s.put("actual", e.actual());
                }
                if (e.detail() != null) {
                    s.put("detail", e.detail());
                }
            }
        }
    }
}
