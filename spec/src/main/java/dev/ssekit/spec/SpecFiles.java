package dev.ssekit.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the spec data. It comes from the jar (resources under {@code sse-kit-spec/}) or, when the
 * system property {@code sse.spec.dir} names a folder, from that folder, so a checkout's edits are seen at once.
 */
public final class SpecFiles {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT = "sse-kit-spec/";

    private SpecFiles() {
    }

    public static ObjectMapper json() {
        return JSON;
    }

    static JsonNode readTree(String relative) {
        try (InputStream in = open(relative)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spec file " + relative + ": " + e.getMessage(), e);
        }
    }

    static InputStream open(String relative) throws IOException {
        String dir = System.getProperty("sse.spec.dir");
        if (dir != null && !dir.isBlank()) {
            return Files.newInputStream(Path.of(dir, relative));
        }
        InputStream in = SpecFiles.class.getClassLoader().getResourceAsStream(ROOT + relative);
        if (in == null) {
            throw new IOException("not on the classpath: " + ROOT + relative);
        }
        return in;
    }

    /** The JSON files of one vector folder ({@code parse}, {@code encode}, {@code stream}, {@code torture}, {@code client}), sorted by name. */
    static synchronized List<String> vectorFiles(String kind) {
        String dir = System.getProperty("sse.spec.dir");
        try {
            if (dir != null && !dir.isBlank()) {
                return list(Path.of(dir, "vectors", kind), "vectors/" + kind + "/");
            }
            URL url = SpecFiles.class.getClassLoader().getResource(ROOT + "vectors/" + kind);
            if (url == null) {
                return List.of();
            }
            if ("jar".equals(url.getProtocol())) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(url.toURI());
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(url.toURI(), Map.of());
                }
                return list(fs.getPath(ROOT + "vectors/" + kind), "vectors/" + kind + "/");
            }
            return list(Path.of(url.toURI()), "vectors/" + kind + "/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(Path folder, String prefix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .sorted()
                    .map(n -> prefix + n)
                    .collect(Collectors.toList());
        }
    }
}
