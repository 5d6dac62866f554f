package dev.ssekit.spec.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.SpecFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A results file read back: what {@link ConformanceReport#writeTo} wrote for one subject. {@code counts} are in the
 * file's order (that of {@link Outcome}), {@code entries} in the file's order too.
 *
 * @param file where it was read from
 * @param generated the file's {@code generated} time, as written
 */
public record ResultsFile(String subject, Path file, String generated, Map<String, String> meta,
        Map<Outcome, Integer> counts, List<ResultEntry> entries) {

    /** The {@code format} of a results file. */
    public static final String FORMAT = "sse-kit-results/1";

    public ResultsFile {
        meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
        EnumMap<Outcome, Integer> byOutcome = new EnumMap<>(Outcome.class);
        byOutcome.putAll(counts);
        counts = Collections.unmodifiableMap(byOutcome);
        entries = List.copyOf(entries);
    }

    /** Reads a results file; one of another format, or with an outcome word that is not one, fails naming the file. */
    public static ResultsFile read(Path file) {
        JsonNode json = parse(file);
        if (!FORMAT.equals(json.path("format").asText())) {
            throw new IllegalStateException(file + " is not a results file (format " + json.path("format") + ")");
        }
        return of(file, json);
    }

    /** The results file at {@code file}, or empty when it is JSON of another kind. */
    public static Optional<ResultsFile> readIfResults(Path file) {
        JsonNode json = parse(file);
        return FORMAT.equals(json.path("format").asText()) ? Optional.of(of(file, json)) : Optional.empty();
    }

    /** Every results file directly inside {@code dir}, by file name; none when the folder does not exist. */
    public static List<ResultsFile> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        List<ResultsFile> out = new ArrayList<>();
        files.forEach(f -> readIfResults(f).ifPresent(out::add));
        return out;
    }

    private static JsonNode parse(Path file) {
        try {
            return SpecFiles.json().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read results file " + file + ": " + e.getMessage(), e);
        }
    }

    private static ResultsFile of(Path file, JsonNode json) {
        try {
            Map<String, String> meta = new LinkedHashMap<>();
            json.path("meta").properties().forEach(e -> meta.put(e.getKey(), e.getValue().asText()));
            Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
            json.path("counts").properties().forEach(e -> counts.put(Outcome.ofWord(e.getKey()), e.getValue().asInt()));
            List<ResultEntry> entries = new ArrayList<>();
            for (JsonNode e : json.path("entries")) {
                List<String> reqs = new ArrayList<>();
                e.path("requirements").forEach(r -> reqs.add(r.asText()));
                entries.add(new ResultEntry(e.path("id").asText(), e.path("kind").asText(), reqs,
                        Outcome.ofWord(e.path("outcome").asText()), text(e, "expected"), text(e, "actual"), text(e, "detail"),
                        e.path("durationMs").asDouble()));
            }
            return new ResultsFile(json.path("subject").asText(), file, json.path("generated").asText(), meta, counts, entries);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    /** The count of an outcome, 0 when the file has none. */
    public int count(Outcome o) {
        return counts.getOrDefault(o, 0);
    }
}
