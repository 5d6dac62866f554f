package dev.ssekit.torture;

import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.SuiteServers;
import dev.ssekit.spec.results.ConformanceReport;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The torture suite against a reference server in this JVM (the pattern of the conformance suite): a subclass names
 * the server. It runs with the conformance suite's settings and a docs root holding one large file, offers the
 * engine a memory probe and a child-server launcher, and writes {@code target/conformance/torture-<server>.json}. One
 * dynamic test per vector; a vector fails its test only when it fails a MUST, and {@code not-run} is reported as
 * aborted.
 *
 * <p>System properties: {@code sse.torture.seed} (the churn's seed), and {@code sse.torture.assumeDeadlineMs}, which
 * declares another request deadline than the one the server is configured with, only to measure what it does then.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TortureSuite {

    static final String DOCS_FILE = "large.bin";
    // More than the kernel buffers for a client that does not read (about 2.8 MB here), so a whole-file copy shows.
    static final int DOCS_FILE_BYTES = 8 << 20;

    private SseServer server;
    private Path docsRoot;
    private TortureRunner runner;
    private ConformanceReport report;

    /** Starts the server under test with {@code config} (port 0: it picks a free one); also used in the child process. */
    protected abstract SseServer start(SseServerConfig config);

    /** The request deadline the servers are run with (API-030): short, so that the deadline vectors stay quick. */
    static long requestDeadlineMs() {
        return 2_000;
    }

    static SseServerConfig serverConfig(Path docs) {
        return SuiteServers.config(SuiteSettings.STANDARD).withDocsRoot(docs).withRequestTimeoutMs(requestDeadlineMs());
    }

    @BeforeAll
    void startServer() throws IOException {
        docsRoot = Files.createTempDirectory("sse-kit-torture-docs");
        byte[] bytes = new byte[DOCS_FILE_BYTES];
        new Random(1).nextBytes(bytes);
        Files.write(docsRoot.resolve(DOCS_FILE), bytes);
        server = start(serverConfig(docsRoot));
        long deadline = Long.getLong("sse.torture.assumeDeadlineMs", requestDeadlineMs());
        TortureSubject subject = TortureSubject.at(server.name(), server.host(), server.port())
                .withContract(true)
                .withPublishToken(SuiteSettings.STANDARD.publishToken())
                .withStats(true)
                .withRequestDeadlineMs(deadline)
                .withDocsFile("/docs/" + DOCS_FILE)
                .withMemoryProbe(TortureSuite::usedMemoryAfterGc)
                .withChildServer(ProcessChildServer.launcher(childCommand(getClass())));
        TortureOptions options = TortureOptions.defaults();
        String seed = System.getProperty("sse.torture.seed");
        if (seed != null && !seed.isBlank()) {
            options = options.withSeed(Long.parseLong(seed.trim()));
        }
        runner = new TortureRunner(subject, options);
        report = ConformanceReport.of("torture-" + server.name());
        runner.meta().forEach(report::meta);
        report.meta("server", server.name());
        if (deadline != requestDeadlineMs()) {
            report.meta("requestDeadlineMs", deadline + " (assumed with sse.torture.assumeDeadlineMs; the server is configured with "
                    + requestDeadlineMs() + ")");
        }
    }

    @AfterAll
    void stopServer() throws IOException {
        try {
            if (runner != null) {
                runner.close();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            if (report != null) {
                Path written = report.writeTo(Path.of(System.getProperty("sse.conformance.dir", "target/conformance")));
                System.out.println("[sse-kit] results " + report.counts() + " -> " + written);
            }
            if (docsRoot != null) {
                try (Stream<Path> files = Files.walk(docsRoot)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    @TestFactory
    @DisplayName("[API-030,API-031,API-032,API-033,API-034,API-035,HTTP-001] the torture suite")
    Stream<DynamicTest> torture() {
        List<DynamicTest> tests = new ArrayList<>();
        for (TortureCase c : runner.cases()) {
            tests.add(DynamicTest.dynamicTest(c.displayName(), () -> {
                ResultEntry e = c.result();
                report.record(e);
                if (e.outcome() == Outcome.FAIL) {
                    Assertions.fail(e.detail());
                }
                Assumptions.assumeTrue(e.outcome() != Outcome.NOT_RUN, () -> "not run: " + e.detail());
            }));
        }
        return tests.stream();
    }

    /** This test's own class path and a small heap: the child starts the server the way {@code suite} does. */
    private static List<String> childCommand(Class<?> suite) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", cp, TortureChildServer.class.getName(), suite.getName());
    }

    /**
     * The server's memory, as far as this JVM can see it: heap used after two collections, plus the JDK's direct
     * buffers (Undertow's pool) and Netty's own direct memory (Vert.x) when Netty is on the class path.
     */
    static long usedMemoryAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if ("direct".equals(pool.getName())) {
                used += Math.max(0, pool.getMemoryUsed());
            }
        }
        long netty = nettyDirectMemory();
        return used + Math.max(0, netty);
    }

    private static long nettyDirectMemory() {
        try {
            Method m = Class.forName("io.netty.util.internal.PlatformDependent").getMethod("usedDirectMemory");
            return (long) m.invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return -1;
        }
    }
}
