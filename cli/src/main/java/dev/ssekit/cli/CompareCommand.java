package dev.ssekit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One comparison report: every server subject, every parser, and (unless --no-bench) a benchmark. Its options and help
 * live here, so that {@code sse-kit help compare} works without the peers; the bench jar's
 * {@code dev.ssekit.bench.cli.CompareRun} extends this class and does the work (see {@link BenchJar}).
 */
@Command(name = "compare",
        sortOptions = false,
        header = "Compare implementations: conformance of every server and parser, and speed, in one report.",
        description = {
            "Runs the server conformance suite against Undertow, Vert.x and the tutorial's",
            "Express server (when node is available), every parse vector through every",
            "parser (ours, okhttp-sse, LaunchDarkly, Vert.x, Spring), and a benchmark.",
            "Writes OUT/index.json and OUT/report.html (the Autobahn-style matrix plus the",
            "benchmark tables). Results the build left (protocol, chromium) are included.",
            "Runs from its own jar (" + BenchJar.PATH + "), with the peers and",
            "JMH; ./sse-kit builds it when first used (a few minutes)."},
        footerHeading = "%nExit status:%n",
        footer = {"  0  the report was written (findings are not errors)", "  2  bad usage"})
public class CompareCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/compare",
            description = "Where to write the report (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--no-bench", description = "Skip the benchmark (conformance only, about a minute).")
    private boolean noBench;

    @Option(names = "--full", description = "The full benchmark (many minutes) instead of the quick one.")
    private boolean full;

    @Option(names = "--root", paramLabel = "DIR",
            description = "The sse-kit checkout (for the Express subject and the build's results); default: the launcher's,"
                    + " else found from the working directory.")
    private Path root;

    @Override
    public Integer call() throws Exception {
        throw BenchJar.runsElsewhere("compare");
    }

    /** The report folder. */
    protected final Path out() {
        return out;
    }

    /** {@code null} for no benchmark (--no-bench), else {@code full} or {@code quick}. */
    protected final String benchMode() {
        return noBench ? null : full ? "full" : "quick";
    }

    /** The checkout: --root, else the launcher's, else the nearest one upwards; null when none is found. */
    protected final Path root() {
        return root != null ? root : findRoot();
    }

    /** The nearest folder upwards that holds {@code spec/requirements.json}, or null. */
    static Path findRoot() {
        for (String home : new String[] {System.getProperty(ServeCommand.HOME_PROPERTY), System.getenv("SSE_KIT_HOME")}) {
            if (home != null && !home.isBlank() && Files.exists(Path.of(home, "spec", "requirements.json"))) {
                return Path.of(home);
            }
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("spec/requirements.json"))) {
                return p;
            }
        }
        return null;
    }
}
