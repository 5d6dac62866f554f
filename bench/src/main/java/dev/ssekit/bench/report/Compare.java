package dev.ssekit.bench.report;

import dev.ssekit.bench.load.BenchSubject;
import dev.ssekit.bench.load.Subjects;
import dev.ssekit.bench.parsers.ParserConformance;
import dev.ssekit.conformance.CheckOptions;
import dev.ssekit.conformance.CheckRunner;
import dev.ssekit.conformance.ConformanceCheck;
import dev.ssekit.conformance.Offer;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.conformance.Target;
import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.SseServerProvider;
import dev.ssekit.spec.results.ConformanceReport;
import dev.ssekit.spec.results.ResultEntry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One comparison run: the server suite against every reference server the kit discovers ({@link SseServerProvider})
 * and the tutorial's Express server, the parser conformance against every parser,
 * optionally a benchmark, then the report ({@link CompareReport}) over those results and any the build left.
 */
public final class Compare {

    /** What to run. {@code benchMode} is null for no benchmark, else {@code quick} or {@code full}. */
    public record Options(Path outDir, Path root, String benchMode, long timeoutMs) {
    }

    private Compare() {
    }

    public static Path run(Options o, PrintWriter log) throws Exception {
        Path conformance = o.outDir().resolve("conformance");
        Files.createDirectories(conformance);
        for (SseServerProvider p : SseServerProvider.all()) {
            try (SseServer server = p.start(suiteConfig(SuiteSettings.STANDARD))) {
                Target t = Target.local(server.host(), server.port());
                check(p.name(), CheckOptions.external(t, o.timeoutMs(), null).withOffered(Set.of(Offer.values()))
                        .withHeapProbe(BenchSubject::inProcessHeapAfterGc), conformance, log);
            }
        }
        express(o, conformance, log);

        log.println("parsers: every parse vector, whole and byte by byte, through each parser");
        log.flush();
        ParserConformance.run(conformance).forEach((parser, counts) -> log.println("  " + parser + " " + counts));

        List<BenchTable> tables = new ArrayList<>();
        if (o.benchMode() != null) {
            tables.addAll(BenchTables.run(o.benchMode(), o.outDir().resolve("bench"), log));
        }
        List<Path> folders = new ArrayList<>(o.root() == null ? List.of() : ResultsFiles.buildFolders(o.root()));
        folders.add(conformance);
        Path html = CompareReport.write(o.outDir(), folders, tables);
        log.println("report: " + html);
        log.println("index:  " + o.outDir().resolve("index.json"));
        log.flush();
        return html;
    }

    private static void express(Options o, Path conformance, PrintWriter log) throws Exception {
        String[] why = new String[1];
        Path dir = o.root() == null ? null : o.root().resolve("subjects/express-tutorial");
        BenchSubject express = dir == null ? null : Subjects.express(dir, why);
        if (express == null) {
            String reason = dir == null ? "the repository root is unknown" : why[0];
            ConformanceReport r = ConformanceReport.of("express-tutorial");
            r.record(new ResultEntry("check/subject/express-tutorial", ResultEntry.TEST, List.of("AUTH-001"),
                    dev.ssekit.spec.results.Outcome.NOT_RUN, null, null, "not-run: " + reason, 0));
            r.writeTo(conformance);
            log.println("express-tutorial: not-run: " + reason);
            return;
        }
        try (express) {
            String doc = Files.readString(dir.resolve("data.txt"), StandardCharsets.UTF_8);
            Target t = Target.of(express.baseUrl() + "/api/sse");
            check("express-tutorial", CheckOptions.external(t, o.timeoutMs(), doc), conformance, log);
        }
    }

    /** The reference servers' configuration with the conformance suite's settings, on a free port. */
    private static SseServerConfig suiteConfig(SuiteSettings s) {
        return SseServerConfig.defaults().withHost("127.0.0.1").withPort(0).withAllowedOrigins(s.allowedOrigins())
                .withPublishToken(s.publishToken()).withHeartbeatMs(s.heartbeatMs()).withBacklogBytes(s.backlogBytes())
                .withReplayCapacity(s.replayCapacity()).withRetryMs(s.retryMs());
    }

    private static void check(String subject, CheckOptions options, Path dir, PrintWriter log) {
        CheckRunner runner = CheckRunner.prepare(options);
        ConformanceReport report = ConformanceReport.of(subject);
        report.meta("generator", "sse-kit compare");
        runner.meta().forEach(report::meta);
        for (ConformanceCheck c : runner.checks()) {
            report.record(c.run());
        }
        report.writeTo(dir);
        log.println(subject + ": " + report.counts());
        log.flush();
    }

}
