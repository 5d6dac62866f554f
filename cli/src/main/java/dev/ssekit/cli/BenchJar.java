package dev.ssekit.cli;

/**
 * Where {@code compare} and {@code bench} run: a jar of their own, because they carry the peer parsers (okhttp,
 * LaunchDarkly, Vert.x's client, Spring) and JMH, which the everyday command leaves out. The {@code ./sse-kit} launcher
 * builds it when first used and sends these two commands there.
 */
final class BenchJar {

    /** Relative to the sse-kit checkout; built by {@code bench/pom.xml}. */
    static final String PATH = "bench/target/sse-kit-bench.jar";

    private BenchJar() {
    }

    /** What this jar says when asked to run one of them itself. */
    static CommandFailure runsElsewhere(String command) {
        return new CommandFailure(2, "sse-kit " + command + ": runs from the bench jar, not this one: use ./sse-kit "
                + command + " (it builds " + PATH + " when first used), or java -jar " + PATH + " " + command);
    }
}
