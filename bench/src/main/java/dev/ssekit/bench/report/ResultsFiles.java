package dev.ssekit.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.spec.SpecFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Finds and reads results files ({@code "format": "sse-kit-results/1"}), keyed by subject. */
final class ResultsFiles {

    static final ObjectMapper JSON = SpecFiles.json();

    private ResultsFiles() {
    }

    /** Every results file directly inside the given folders; a later folder's subject replaces an earlier one's. */
    static Map<String, JsonNode> read(List<Path> folders) {
        Map<String, JsonNode> bySubject = new LinkedHashMap<>();
        for (Path dir : folders) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Path f : files) {
                try {
                    JsonNode n = JSON.readTree(f.toFile());
                    if ("sse-kit-results/1".equals(n.path("format").asText())) {
                        bySubject.put(n.path("subject").asText(), n);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read results file " + f + ": " + e.getMessage(), e);
                }
            }
        }
        return bySubject;
    }

    /** The {@code target/conformance} folders of the build under {@code root}, if it was built. */
    static List<Path> buildFolders(Path root) {
        List<Path> out = new ArrayList<>();
        for (String m : List.of("protocol", "servers/undertow", "servers/vertx", "servers/conformance", "subjects/express-tutorial",
                "browser-tests", "bench")) {
            out.add(root.resolve(m).resolve("target/conformance"));
        }
        return out;
    }
}
