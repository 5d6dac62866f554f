package dev.ssekit.docs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.SpecFiles;
import dev.ssekit.spec.results.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results files ({@code sse-kit-results/1}) of each subject: the newest file wherever the build wrote it. */
final class Results {

    static final List<String> MAIN = List.of("protocol", "undertow", "vertx", "chromium", "express-tutorial");
    static final List<String> PARSERS = List.of("parser-ours", "parser-okhttp", "parser-launchdarkly", "parser-vertx",
            "parser-spring");
    /** The torture suite's subjects: both reference servers under hostile clients, and the command. */
    static final List<String> TORTURE = List.of("torture-undertow", "torture-vertx", "torture-command");
    /** Worst first: what a cell shows when its cases disagree. */
    static final List<String> SEVERITY = List.of("fail", "non-strict", "not-run", "info", "pass", "not-applicable",
            "untestable");

    /** One case of a results file. */
    record Case(int index, String id, String kind, List<String> requirements, String outcome, String expected,
            String actual, String detail) {
    }

    /** A subject's file, or {@code file == null} when none was found. */
    record Subject(String name, Path file, JsonNode json, List<Case> cases, Map<String, List<Case>> byRequirement) {
        boolean present() {
            return file != null;
        }
    }

    private Results() {
    }

    /** The command that writes a subject's results file, for the "not run yet" notes. */
    static String command(String subject) {
        if (subject.equals("protocol")) {
            return "./mvnw -B -ntp -pl protocol -am verify";
        }
        if (subject.equals("chromium")) {
            return "./mvnw -B -ntp -pl browser-tests -am verify -Dsse.browser.required=true";
        }
        if (subject.startsWith("parser-")) {
            return "./mvnw -B -ntp -pl bench -am verify";
        }
        if (subject.equals("torture-command")) {
            return "./mvnw -B -ntp -pl cli -am verify";
        }
        if (subject.startsWith("torture-")) {
            return "./mvnw -B -ntp -pl servers/torture -am verify";
        }
        return "./mvnw -B -ntp -pl bench -am verify (CompareIT runs sse-kit compare; or ./sse-kit compare)";
    }

    static List<Path> folders(Path root) {
        List<Path> out = new ArrayList<>();
        for (String m : List.of("protocol", "servers/undertow", "servers/vertx", "servers/conformance", "servers/torture",
                "browser-tests", "bench", "cli")) {
            out.add(root.resolve(m).resolve("target/conformance"));
        }
        out.add(root.resolve("bench/target/compare/conformance"));
        return out;
    }

    static Map<String, Subject> load(Path root, List<String> subjects) {
        Map<String, Subject> out = new LinkedHashMap<>();
        for (String s : subjects) {
            Path newest = null;
            for (Path dir : folders(root)) {
                Path f = dir.resolve(s + ".json");
                if (Files.isRegularFile(f) && (newest == null || mtime(f) > mtime(newest))) {
                    newest = f;
                }
            }
            out.put(s, read(s, newest));
        }
        return out;
    }

    private static Subject read(String name, Path file) {
        if (file == null) {
            return new Subject(name, null, null, List.of(), Map.of());
        }
        JsonNode json;
        try {
            json = SpecFiles.json().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read results file " + file + ": " + e.getMessage(), e);
        }
        if (!"sse-kit-results/1".equals(json.path("format").asText())) {
            throw new IllegalStateException(file + " is not a results file (format " + json.path("format") + ")");
        }
        List<Case> cases = new ArrayList<>();
        Map<String, List<Case>> byReq = new LinkedHashMap<>();
        for (JsonNode e : json.path("entries")) {
            List<String> reqs = new ArrayList<>();
            e.path("requirements").forEach(r -> reqs.add(r.asText()));
            String outcome = e.path("outcome").asText();
            Outcome.ofWord(outcome); // an unknown word fails the build here, with its name
            Case c = new Case(cases.size(), e.path("id").asText(), e.path("kind").asText(), reqs, outcome, text(e, "expected"),
                    text(e, "actual"), text(e, "detail"));
            cases.add(c);
            reqs.forEach(r -> byReq.computeIfAbsent(r, k -> new ArrayList<>()).add(c));
        }
        return new Subject(name, file, json, cases, byReq);
    }

    static String worst(List<Case> cases) {
        for (String o : SEVERITY) {
            for (Case c : cases) {
                if (c.outcome().equals(o)) {
                    return o;
                }
            }
        }
        return cases.isEmpty() ? "" : cases.get(0).outcome();
    }

    static long mtime(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
