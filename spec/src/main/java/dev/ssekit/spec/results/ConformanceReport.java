package dev.ssekit.spec.results;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssekit.spec.SpecFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collects the results of one subject ({@code protocol}, {@code undertow}, {@code vertx}, {@code chromium} or an
 * external URL's name) and writes {@code target/conformance/<subject>.json}. Thread-safe.
 */
public final class ConformanceReport {

    private static final Map<String, ConformanceReport> REPORTS = new ConcurrentHashMap<>();

    private final String subject;
    private final Map<String, ResultEntry> entries = new LinkedHashMap<>();
    private final Map<String, String> meta = new LinkedHashMap<>();

    private ConformanceReport(String subject) {
        this.subject = subject;
    }

    /** The report of a subject, shared by everything in this JVM that records for it. */
    public static ConformanceReport of(String subject) {
        return REPORTS.computeIfAbsent(subject, ConformanceReport::new);
    }

    /** The report named by the system property {@code sse.subject}, or null when none is set. */
    public static ConformanceReport current() {
        String s = System.getProperty("sse.subject");
        return s == null || s.isBlank() ? null : of(s);
    }

    public String subject() {
        return subject;
    }

    /** Records an entry; a later entry with the same ID replaces it unless the earlier one failed. */
    public synchronized void record(ResultEntry e) {
        ResultEntry old = entries.get(e.id());
        if (old != null && old.outcome() != Outcome.PASS && e.outcome() == Outcome.PASS) {
            return;
        }
        entries.put(e.id(), e);
    }

    public synchronized boolean has(String id) {
        return entries.containsKey(id);
    }

    public synchronized void meta(String key, String value) {
        meta.put(key, value);
    }

    public synchronized List<ResultEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    public synchronized Map<Outcome, Integer> counts() {
        Map<Outcome, Integer> c = new EnumMap<>(Outcome.class);
        entries.values().forEach(e -> c.merge(e.outcome(), 1, Integer::sum));
        return c;
    }

    /** Writes the report atomically into {@code dir/<subject>.json} and returns the path. */
    public synchronized Path writeTo(Path dir) {
        ObjectNode root = SpecFiles.json().createObjectNode();
        root.put("subject", subject);
        root.put("format", "sse-kit-results/1");
        root.put("generated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectNode m = root.putObject("meta");
        meta.forEach(m::put);
        ObjectNode counts = root.putObject("counts");
        Map<Outcome, Integer> tally = counts();
        for (Outcome o : Outcome.values()) {
            counts.put(o.word(), tally.getOrDefault(o, 0));
        }
        ArrayNode arr = root.putArray("entries");
        for (ResultEntry e : entries.values()) {
            ObjectNode n = arr.addObject();
            n.put("id", e.id());
            n.put("kind", e.kind());
            ArrayNode r = n.putArray("requirements");
            e.requirements().forEach(r::add);
            n.put("outcome", e.outcome().word());
            if (e.expected() != null) {
                n.put("expected", e.expected());
            }
            if (e.actual() != null) {
                n.put("actual", e.actual());
            }
            if (e.detail() != null) {
                n.put("detail", e.detail());
            }
            n.put("durationMs", Math.round(e.durationMs() * 1000) / 1000.0);
        }
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(subject + ".json");
            Path tmp = dir.resolve(subject + ".json.tmp");
            SpecFiles.json().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write results for " + subject + ": " + ex.getMessage(), ex);
        }
    }
}
