package dev.ssekit.cli;

import dev.ssekit.bench.report.Compare;
import dev.ssekit.conformance.CheckOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** One comparison report: every server subject, every parser, and (unless --no-bench) a benchmark. */
@Command(name = "compare",
        sortOptions = false,
        header = "Compare implementations: conformance of every server and parser, and speed, in one report.",
        description = {
            "Runs the server conformance suite against Undertow, Vert.x and the tutorial's",
            "Express server (when node is available), every parse vector through every",
            "parser (ours, okhttp-sse, LaunchDarkly, Vert.x, Spring), and a benchmark.",
            "Writes OUT/index.json and OUT/report.html (the Autobahn-style matrix plus the",
            "benchmark tables). Results the build left (protocol, chromium) are included."},
        footerHeading = "%nExit status:%n",
        footer = {"  0  the report was written (findings are not errors)", "  2  bad usage"})
final class CompareCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/compare",
            description = "Where to write the report (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--no-bench", description = "Skip the benchmark (conformance only, about a minute).")
    private boolean noBench;

    @Option(names = "--full", description = "The full benchmark (many minutes) instead of the quick one.")
    private boolean full;

    @Option(names = "--root", paramLabel = "DIR",
            description = "The sse-kit checkout (for the Express subject and the build's results); default: found from the working directory.")
    private Path root;

    @Override
    public Integer call() throws Exception {
        Path r = root != null ? root : findRoot();
        String bench = noBench ? null : full ? "full" : "quick";
        Compare.run(new Compare.Options(out, r, bench, CheckOptions.DEFAULT_TIMEOUT_MS), main.io().outWriter());
        return 0;
    }

    /** The nearest folder upwards that holds {@code spec/requirements.json}, or null. */
    static Path findRoot() {
        String env = System.getenv("SSE_KIT_HOME");
        if (env != null && Files.exists(Path.of(env, "spec", "requirements.json"))) {
            return Path.of(env);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("spec/requirements.json"))) {
                return p;
            }
        }
        return null;
    }
}
