package dev.ssekit.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.spec.SpecFiles;
import dev.ssekit.spec.results.ResultsFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
