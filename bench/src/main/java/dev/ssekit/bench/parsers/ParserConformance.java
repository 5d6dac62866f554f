package dev.ssekit.bench.parsers;

import dev.ssekit.spec.ExpectedEvent;
import dev.ssekit.spec.Failure;
import dev.ssekit.spec.ParseVector;
import dev.ssekit.spec.Requirements;
import dev.ssekit.spec.Vectors;
import dev.ssekit.spec.results.ConformanceReport;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Runs every parse vector through each {@link PeerParser}: whole, in its declared chunks (when it has a
 * {@code splitAt}) and one byte at a time, and compares the events (type, data, lastEventId) with the vector.
 * Retry values are not compared: the adapters expose events only.
 *
 * <p>Each run gets its own daemon thread and a timeout. A run that does not return in time is a failure with the
 * reason "hang"; its thread is interrupted and, if it still runs (a parser spinning without reading cannot see the
 * interrupt), stopped, so abandoned spinners do not eat the cores; the vector's remaining modes are skipped. A
 * peer's failures are findings, recorded in {@code parser-<name>.json}; they never fail the build.
 */
public final class ParserConformance {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** One parser's results: the report written, its counts, and how many vectors hung in some mode. */
    public record ParserResult(PeerParser parser, ConformanceReport report, Map<Outcome, Integer> counts, int hangs,
            List<String> hungVectors, Path file) {
    }

    private record Run(List<PeerEvent> events, Throwable error, boolean hung, double millis) {
    }

    private ParserConformance() {
    }

    /** Runs every parser, writes {@code parser-<name>.json} into {@code outDir}, prints the table. */
    public static Map<String, Map<Outcome, Integer>> run(Path outDir) {
        List<ParserResult> results = runAll(outDir, PeerParsers.all(), DEFAULT_TIMEOUT);
        System.out.println(table(results));
        Map<String, Map<Outcome, Integer>> out = new LinkedHashMap<>();
        results.forEach(r -> out.put(r.parser().name(), r.counts()));
        return out;
    }

    /** Runs the given parsers concurrently (each one's vectors in order) and writes one results file per parser. */
    public static List<ParserResult> runAll(Path outDir, List<PeerParser> parsers, Duration timeout) {
        // Load the spec once here: concurrent first loads race on opening the spec jar's file system.
        Vectors.parse();
        Requirements.load();
        ExecutorService pool = Executors.newFixedThreadPool(parsers.size(), r -> {
            Thread t = new Thread(r, "conformance-driver");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ParserResult>> futures = new ArrayList<>();
            for (PeerParser p : parsers) {
                futures.add(pool.submit(() -> runOne(outDir, p, timeout)));
            }
            List<ParserResult> results = new ArrayList<>();
            for (Future<ParserResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (Exception e) {
            throw new IllegalStateException("conformance run failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    public static ParserResult runOne(Path outDir, PeerParser parser, Duration timeout) {
        ConformanceReport report = ConformanceReport.of("parser-" + parser.name());
        report.meta("parser", parser.description());
        report.meta("modes", "whole, declared chunks, byte by byte");
        report.meta("timeoutMs", Long.toString(timeout.toMillis()));
        report.meta("jdk", System.getProperty("java.version"));
        List<String> hung = new ArrayList<>();
        for (ParseVector v : Vectors.parse()) {
            ResultEntry e = check(parser, v, timeout);
            if (e.detail() != null && e.detail().contains("(hang:")) {
                hung.add(v.id());
            }
            report.record(e);
        }
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        Vectors.parse().forEach(v -> report.entries().stream().filter(x -> x.id().equals(v.id())).findFirst()
                .ifPresent(x -> counts.merge(x.outcome(), 1, Integer::sum)));
        report.meta("hangs", Integer.toString(hung.size()));
        Path file = report.writeTo(outDir);
        return new ParserResult(parser, report, counts, hung.size(), Collections.unmodifiableList(hung), file);
    }

    static ResultEntry check(PeerParser parser, ParseVector v, Duration timeout) {
        Map<String, List<byte[]>> modes = new LinkedHashMap<>();
        modes.put("whole", List.of(v.input()));
        if (v.splitAt().length > 0) {
            modes.put("declared chunks", v.declaredChunks());
        }
        List<byte[]> bytes = new ArrayList<>(v.input().length);
        for (byte b : v.input()) {
            bytes.add(new byte[] {b});
        }
        modes.put("byte by byte", bytes);

        String expected = render(v.events());
        double total = 0;
        List<String> failed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String firstDetail = null;
        String firstActual = null;
        for (Map.Entry<String, List<byte[]>> m : modes.entrySet()) {
            Run r = runBounded(parser, m.getValue(), timeout);
            total += r.millis();
            if (r.error() instanceof LinkageError le) {
                return new ResultEntry(v.id(), ResultEntry.VECTOR, v.requirements(), Outcome.NOT_RUN, expected, null,
                        parser.name() + " cannot load: " + le, total);
            }
            List<ExpectedEvent> actual = r.events().stream()
                    .map(e -> new ExpectedEvent(e.type(), e.data(), e.lastEventId())).toList();
            boolean same = actual.equals(v.events());
            if (same && !r.hung() && r.error() == null) {
                continue;
            }
            String suffix = r.hung() ? " (hang: no return within " + timeout.toMillis() + " ms)"
                    : r.error() != null ? " then threw " + r.error() : "";
            if (same && !r.hung()) {
                notes.add(m.getKey() + ": events matched" + suffix); // threw at the end, after the right events
                continue;
            }
            failed.add(m.getKey());
            if (firstDetail == null) {
                firstActual = render(actual) + suffix;
                firstDetail = Failure.format(v.requirements(), v.id() + " [" + m.getKey() + "]", expected, firstActual);
            }
            if (r.hung()) {
                notes.add("modes after the hang were not run");
                break; // a parser that hung once here would likely hang again: save the timeout
            }
        }
        if (failed.isEmpty()) {
            return new ResultEntry(v.id(), ResultEntry.VECTOR, v.requirements(), Outcome.PASS, expected, expected,
                    notes.isEmpty() ? null : String.join("\n", notes), total);
        }
        String detail = firstDetail + "\n  Failed modes: " + String.join(", ", failed)
                + (notes.isEmpty() ? "" : "\n  " + String.join("\n  ", notes));
        return new ResultEntry(v.id(), ResultEntry.VECTOR, v.requirements(), Outcome.ofFailure(v.requirements()),
                expected, firstActual, detail, total);
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static Run runBounded(PeerParser parser, List<byte[]> chunks, Duration timeout) {
        List<PeerEvent> events = Collections.synchronizedList(new ArrayList<>());
        Throwable[] error = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                parser.parse(chunks, (ty, d, id) -> events.add(new PeerEvent(ty, d, id)));
            } catch (Throwable e) {
                error[0] = e;
            }
        }, "parser-" + parser.name());
        t.setDaemon(true);
        long start = System.nanoTime();
        t.start();
        boolean hung;
        try {
            t.join(timeout.toMillis());
            hung = t.isAlive();
            if (hung) {
                t.interrupt();
                t.join(200);
                if (t.isAlive()) {
                    t.stop(); // JDK 17 still honours it; a spinning peer would otherwise hold a core until exit
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ie);
        }
        double millis = (System.nanoTime() - start) / 1e6;
        List<PeerEvent> snapshot;
        synchronized (events) {
            snapshot = new ArrayList<>(events);
        }
        return new Run(snapshot, hung ? null : error[0], hung, millis);
    }

    private static String render(List<ExpectedEvent> events) {
        return events.stream().map(ExpectedEvent::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    public static String table(List<ParserResult> results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-14s %6s %6s %10s %8s %6s%n", "parser", "pass", "fail", "non-strict", "not-run", "hangs"));
        for (ParserResult r : results) {
            Map<Outcome, Integer> c = r.counts();
            b.append(String.format("%-14s %6d %6d %10d %8d %6d%n", r.parser().name(), c.getOrDefault(Outcome.PASS, 0),
                    c.getOrDefault(Outcome.FAIL, 0), c.getOrDefault(Outcome.NON_STRICT, 0),
                    c.getOrDefault(Outcome.NOT_RUN, 0), r.hangs()));
        }
        return b.toString();
    }

    /** {@code ParserConformance [outDir] [parser...]}: all parsers into bench/target/conformance by default. */
    public static void main(String[] args) {
        Path dir = args.length > 0 ? Path.of(args[0]) : defaultDir();
        List<PeerParser> parsers = args.length > 1
                ? java.util.Arrays.stream(args, 1, args.length).map(PeerParsers::byName).toList() : PeerParsers.all();
        long start = System.nanoTime();
        List<ParserResult> results = runAll(dir, parsers, DEFAULT_TIMEOUT);
        System.out.print(table(results));
        for (ParserResult r : results) {
            System.out.println(r.parser().name() + " -> " + r.file()
                    + (r.hungVectors().isEmpty() ? "" : "  hung: " + r.hungVectors()));
        }
        System.out.printf("%.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    static Path defaultDir() {
        String p = System.getProperty("sse.conformance.dir");
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        return Files.isDirectory(Path.of("bench")) ? Path.of("bench", "target", "conformance") : Path.of("target", "conformance");
    }
}
