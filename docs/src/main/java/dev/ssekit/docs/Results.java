package dev.ssekit.docs;

import dev.ssekit.spec.results.ClientsMatrix;
import dev.ssekit.spec.results.ResultsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The subjects the docs show, found from the results files themselves: every {@code sse-kit-results/1} file in the
 * build's {@code target/conformance} folders (and {@code target/compare/conformance}), the newest per subject. A
 * subject the build has not produced comes from the committed reference copy ({@value #REFERENCE}), so that the site
 * builds whole from a fresh clone; the pages say which ones did.
 */
final class Results {

    /** The committed reference copy of the results files, from the repository root. */
    static final String REFERENCE = "docs/reference-results";

    /** The matrices of the comparison page, told apart by the subject's name (and a client by its file's meta). */
    enum Group {
        /** The kit's model, the reference servers, the browser and external servers. */
        MAIN("main-"),
        /** {@code parser-*}: the kit's parser and its peers over the parse vectors. */
        PARSERS("parsers-"),
        /** {@code torture-*}: the torture suite's subjects. */
        TORTURE("torture-"),
        /** {@code client-*} (meta {@code kind=client}): clients over the client scenarios, a matrix of their own. */
        CLIENTS("clients-");

        final String anchorPrefix;

        Group(String anchorPrefix) {
            this.anchorPrefix = anchorPrefix;
        }

        static Group of(String subject) {
            if (subject.startsWith("parser-")) {
                return PARSERS;
            }
            if (subject.startsWith("client-")) {
                return CLIENTS;
            }
            return subject.startsWith("torture-") ? TORTURE : MAIN;
        }
    }

    /**
     * Where the subjects that are there today go within their group (only the order: anything else is shown too,
     * after these, by name). Readers look for the kit's own first, then the servers, the browser, external subjects.
     */
    private static final List<String> USUAL_ORDER = List.of("protocol", "undertow", "vertx", "undertow-h2",
            "undertow-h2c", "vertx-h2", "vertx-h2c", "undertow-redis", "vertx-redis", "chromium", "express-tutorial", "parser-ours", "parser-okhttp", "parser-launchdarkly", "parser-vertx", "parser-spring",
            "torture-undertow", "torture-vertx", "torture-command", "client-java", "client-java-h2");

    /** A subject's results file, and whether it came from the reference copy rather than this build. */
    record Subject(String name, ResultsFile file, boolean reference) {
        Group group() {
            return ClientsMatrix.isClient(file) ? Group.CLIENTS : Group.of(name);
        }
    }

    private Results() {
    }

    /** The command that writes a subject's results file, for the notes on reference copies. */
    static String command(Path root, String subject) {
        if (Files.isDirectory(root.resolve("subjects").resolve(subject))) {
            return "./mvnw -B -ntp -pl subjects/" + subject + " -am verify";
        }
        if (subject.equals("protocol")) {
            return "./mvnw -B -ntp -pl protocol -am verify";
        }
        if (subject.equals("chromium")) {
            return "./mvnw -B -ntp -pl browser-tests -am verify -Dsse.browser.required=true";
        }
        if (subject.startsWith("parser-")) {
            return "./mvnw -B -ntp -pl bench -am verify";
        }
        if (subject.startsWith("client-")) {
            String module = "clients/" + subject.substring("client-".length());
            return Files.isDirectory(root.resolve(module)) ? "./mvnw -B -ntp -pl " + module + " -am verify"
                    : "sse-kit client-check URL --name " + subject.substring("client-".length());
        }
        if (subject.endsWith("-redis")) {
            return "./mvnw -B -ntp -pl servers/redis -am verify";
        }
        if (subject.matches("(undertow|vertx)-h2c?")) {
            return "./mvnw -B -ntp -pl servers/" + subject.substring(0, subject.indexOf('-')) + " -am verify";
        }
        if (subject.equals("torture-command")) {
            return "./mvnw -B -ntp -pl cli -am verify";
        }
        if (subject.startsWith("torture-")) {
            return "./mvnw -B -ntp -pl servers/torture -am verify";
        }
        return "./mvnw -B -ntp -pl bench -am verify (CompareIT runs sse-kit compare; or ./sse-kit compare)";
    }

    /** Where a build leaves results files: each module's (one or two levels down) and the compare runs'. */
    static List<Path> folders(Path root) {
        List<Path> out = new ArrayList<>();
        for (Path module : modules(root)) {
            out.add(module.resolve("target/conformance"));
            out.add(module.resolve("target/compare/conformance"));
        }
        return out.stream().filter(Files::isDirectory).toList();
    }

    private static List<Path> modules(Path root) {
        List<Path> out = new ArrayList<>();
        for (Path p : children(root)) {
            out.add(p);
            out.addAll(children(p));
        }
        return out;
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().equals("target")
                            && !p.getFileName().toString().equals("node_modules") && !p.getFileName().toString().equals("src"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> frameworkOf(ResultsFile f) {
        Map<String, String> m = new LinkedHashMap<>();
        f.meta().forEach((k, v) -> {
            if (k.equals("framework") || k.startsWith("framework.")) {
                m.put(k, v);
            }
        });
        return m;
    }

    private static ResultsFile withMeta(ResultsFile f, Map<String, String> more) {
        Map<String, String> meta = new LinkedHashMap<>(f.meta());
        meta.putAll(more);
        return new ResultsFile(f.subject(), f.file(), f.generated(), meta, f.counts(), f.entries());
    }

    /**
     * Every subject, in display order (by group, then the usual order, then by name): the newest file the build left
     * for it, else its reference copy.
     */
    static Map<String, Subject> load(Path root) {
        Map<String, Subject> found = new LinkedHashMap<>();
        Map<String, Map<String, String>> frameworkMeta = new LinkedHashMap<>();
        for (Path dir : folders(root)) {
            for (ResultsFile f : ResultsFile.list(dir)) {
                if (f.meta().containsKey("framework")) {
                    frameworkMeta.put(f.subject(), frameworkOf(f));
                }
                Subject old = found.get(f.subject());
                if (old == null || mtime(f.file()) > mtime(old.file().file())) {
                    found.put(f.subject(), new Subject(f.subject(), f, false));
                }
            }
        }
        // sse-kit compare writes express-tutorial again, without the framework its module's test named: keep that
        frameworkMeta.forEach((name, meta) -> found.computeIfPresent(name, (n, s) ->
                s.file().meta().containsKey("framework") ? s : new Subject(n, withMeta(s.file(), meta), s.reference())));
        for (ResultsFile f : ResultsFile.list(root.resolve(REFERENCE))) {
            found.putIfAbsent(f.subject(), new Subject(f.subject(), f, true));
        }
        List<Subject> sorted = new ArrayList<>(found.values());
        sorted.sort(Comparator.comparing(Subject::group).thenComparingInt(s -> usualPlace(s.name()))
                .thenComparing(Subject::name));
        Map<String, Subject> out = new LinkedHashMap<>();
        sorted.forEach(s -> out.put(s.name(), s));
        return out;
    }

    private static int usualPlace(String subject) {
        int i = USUAL_ORDER.indexOf(subject);
        return i < 0 ? USUAL_ORDER.size() : i;
    }

    static long mtime(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
