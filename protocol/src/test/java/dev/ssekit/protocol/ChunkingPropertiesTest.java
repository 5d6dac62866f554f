package dev.ssekit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Any bytes, any chunking: the parser reports exactly what it reports for the whole stream, and throws nothing else. */
class ChunkingPropertiesTest {

    /** Byte sequences biased toward what the parser branches on: line ends, colons, field names, BOM, bad UTF-8. */
    private static final Arbitrary<byte[]> TOKEN = Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.of("\r", "\n", "\r\n", ":", " ", "d", "a", "t", "i", "e", "r", "y", "v", "n", "0", "7")
                    .map(Recorder::utf8)),
            Tuple.of(4, Arbitraries.of("data", "data:", "event:", "id:", "retry:", "id", ": ", "\n\n", "\r\r", "retry: 12")
                    .map(Recorder::utf8)),
            Tuple.of(2, Arbitraries.of(Recorder.bytes(0xEF, 0xBB, 0xBF), Recorder.bytes(0xEF, 0xBB), Recorder.bytes(0x00),
                    Recorder.bytes(0x80), Recorder.bytes(0xC0, 0xAF), Recorder.bytes(0xED, 0xA0, 0x80), Recorder.bytes(0xF0, 0x9F, 0x98),
                    Recorder.bytes(0xF0, 0x9F, 0x98, 0x80), Recorder.bytes(0xC3, 0xA9), Recorder.bytes(0xE4, 0xB8, 0xAD),
                    Recorder.bytes(0xFF), Recorder.bytes(0xF4, 0x90, 0x80, 0x80))),
            Tuple.of(1, Arbitraries.bytes().map(b -> new byte[] {b})));

    @Provide
    Arbitrary<byte[]> streams() {
        return TOKEN.list().ofMaxSize(60).map(tokens -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            tokens.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    /** Chunk sizes, used in turn until the input runs out; 0 makes an empty chunk. Mostly small, so cuts are dense. */
    static Arbitrary<List<Integer>> splitPoints() {
        return Arbitraries.frequencyOf(
                        Tuple.of(8, Arbitraries.integers().between(1, 8)),
                        Tuple.of(1, Arbitraries.just(0)),
                        Tuple.of(2, Arbitraries.integers().between(9, 200)))
                .list().ofMinSize(1).ofMaxSize(10)
                .filter(sizes -> sizes.stream().anyMatch(n -> n > 0));
    }

    @Provide
    Arbitrary<List<Integer>> splits() {
        return splitPoints();
    }

    @Provide
    Arbitrary<ParserLimits> limits() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(ParserLimits.defaults())),
                Tuple.of(1, Arbitraries.integers().between(1, 16).flatMap(line ->
                        Arbitraries.integers().between(1, 32).map(event -> ParserLimits.of(line, event)))));
    }

    static List<byte[]> split(byte[] in, List<Integer> sizes) {
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        for (int i = 0; from < in.length; i++) {
            int to = Math.min(in.length, from + sizes.get(i % sizes.size()));
            chunks.add(Arrays.copyOfRange(in, from, to)); // empty chunks are allowed and must be harmless
            from = to;
        }
        return chunks;
    }

    /** Everything the parser reported, and the limit it stopped at, if any. */
    private static String outcome(ParserLimits limits, List<byte[]> chunks) {
        Recorder r = new Recorder();
        EventStreamParser p = new EventStreamParser(r, limits);
        String stop = "end";
        try {
            for (byte[] c : chunks) {
                p.feed(c);
            }
            p.end();
        } catch (LimitExceededException e) {
            stop = "limit " + e.limit() + "=" + e.max();
        }
        r.lastEventId = p.lastEventId();
        r.reconnectionTime = p.reconnectionTime();
        return r.summary() + " stop=" + stop;
    }

    @Property(tries = 1000)
    @Label("[PARSE-006,PARSE-004] any bytes in any chunking parse as the whole stream does; only limits are thrown")
    void chunkingDoesNotMatter(@ForAll("streams") byte[] in, @ForAll("splits") List<Integer> splits,
            @ForAll("limits") ParserLimits limits) {
        String whole = outcome(limits, List.of(in));
        assertEquals(whole, outcome(limits, split(in, splits)));
    }

    @Property(tries = 300)
    @Label("[PARSE-006,PARSE-003] one byte at a time parses as the whole stream does")
    void byteAtATime(@ForAll("streams") byte[] in, @ForAll("limits") ParserLimits limits) {
        List<byte[]> single = new ArrayList<>();
        for (byte b : in) {
            single.add(new byte[] {b});
        }
        assertEquals(outcome(limits, List.of(in)), outcome(limits, single));
    }
}
