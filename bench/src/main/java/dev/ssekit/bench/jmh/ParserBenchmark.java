package dev.ssekit.bench.jmh;

import dev.ssekit.bench.parsers.PeerParser;
import dev.ssekit.bench.parsers.PeerParsers;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One operation parses one whole corpus (see {@link Corpora}) with one parser, every event going to a Blackhole.
 * Throughput in ops/s; {@link ParserBenchRunner} turns it into MiB/s and events/s. The defaults here are the full
 * settings; the runner's quick mode overrides them. {@code floor} is {@link dev.ssekit.bench.parsers.FloorParser}, the
 * yardstick (line ends and data Strings only), not a peer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class ParserBenchmark {

    @Param({"ours", "okhttp", "launchdarkly", "vertx", "spring", "floor"})
    public String parser;

    @Param({"tokens", "json-4k", "multiline", "crlf", "stream-1mib"})
    public String corpus;

    private PeerParser peer;
    private List<byte[]> chunks;

    @Setup
    public void setup() throws Exception {
        peer = PeerParsers.byName(parser);
        Corpora.Corpus c = Corpora.get(corpus);
        chunks = c.chunks();
        int[] n = {0};
        peer.parse(chunks, (t, d, id) -> n[0]++);
        if (n[0] != c.events()) {
            System.err.println("WARNING: " + parser + " found " + n[0] + " events in " + corpus + ", expected " + c.events());
        }
    }

    @Benchmark
    public void parse(Blackhole bh) throws Exception {
        peer.parse(chunks, (t, d, id) -> {
            bh.consume(t);
            bh.consume(d);
            bh.consume(id);
        });
    }
}
