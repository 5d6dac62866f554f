package dev.ssekit.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.SpecFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code "browsers"} member of each parse vector, read from the raw vector JSON (the shared loader does not
 * carry it). Reads the same source as {@link dev.ssekit.spec.Vectors}: the folder named by {@code sse.spec.dir}, or
 * the {@code sse-kit-spec/} resources of the spec jar.
 */
final class OracleMarks {

    /** A vector's mark for one browser: {@code differs} plus a note, or absent. */
    record Mark(String status, String note) {
    }

    private OracleMarks() {
    }

    /** Vector ID to Chromium's mark, for every parse vector that has one. */
    static Map<String, Mark> chromium() {
        Map<String, Mark> marks = new HashMap<>();
        for (JsonNode root : parseFiles()) {
            for (JsonNode v : root.path("vectors")) {
                JsonNode b = v.get("browsers");
                if (b != null && b.hasNonNull("chromium")) {
                    marks.put(v.path("id").asText(), new Mark(b.get("chromium").asText(), b.path("note").asText("")));
                }
            }
        }
        return marks;
    }

    private static List<JsonNode> parseFiles() {
        try {
            String dir = System.getProperty("sse.spec.dir");
            if (dir != null && !dir.isBlank()) {
                return read(Path.of(dir, "vectors", "parse"));
            }
            URL url = OracleMarks.class.getClassLoader().getResource("sse-kit-spec/vectors/parse");
            if (url == null) {
                return List.of();
            }
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                }
                return read(fs.getPath("sse-kit-spec/vectors/parse"));
            }
            return read(Path.of(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> read(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
            List<JsonNode> out = new java.util.ArrayList<>();
            for (Path p : files) {
                try (InputStream in = Files.newInputStream(p)) {
                    out.add(SpecFiles.json().readTree(in));
                }
            }
            return out;
        }
    }
}
