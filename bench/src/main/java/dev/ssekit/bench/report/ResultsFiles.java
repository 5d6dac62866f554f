package dev.ssekit.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.spec.SpecFiles;
import dev.ssekit.spec.results.ResultsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Finds the results files of a comparison, keyed by subject. */
final class ResultsFiles {

    static final ObjectMapper JSON = SpecFiles.json();

    private ResultsFiles() {
    }

    /** Every results file directly inside the given folders; a later folder's subject replaces an earlier one's. */
    static Map<String, ResultsFile> read(List<Path> folders) {
        Map<String, ResultsFile> bySubject = new LinkedHashMap<>();
        for (Path dir : folders) {
            for (ResultsFile f : ResultsFile.list(dir)) {
                bySubject.put(f.subject(), f);
            }
        }
        return bySubject;
    }

    /**
     * The {@code target/conformance} folders of the build under {@code root}, if it was built: every subject's and every
     * client adapter's ({@code clients/<name>}) too.
     */
    static List<Path> buildFolders(Path root) {
        List<Path> out = new ArrayList<>();
        for (String m : List.of("protocol", "servers/undertow", "servers/vertx", "servers/conformance", "browser-tests", "bench",
                "client")) {
            out.add(root.resolve(m).resolve("target/conformance"));
        }
        for (String group : List.of("subjects", "clients")) {
            Path modules = root.resolve(group);
            if (Files.isDirectory(modules)) {
                try (Stream<Path> each = Files.list(modules)) {
                    each.filter(Files::isDirectory).sorted().forEach(s -> out.add(s.resolve("target/conformance")));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + modules + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }
}
