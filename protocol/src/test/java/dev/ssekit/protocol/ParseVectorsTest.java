package dev.ssekit.protocol;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.ssekit.spec.ParseVector;
import dev.ssekit.spec.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every parse vector through our parser: whole, one byte at a time, split in two at every offset, and in its
 * declared chunks. All four must give the vector's events and final reconnection time.
 */
class ParseVectorsTest {

    /** Inputs longer than this are split at a sample of offsets (around every line end and non-ASCII byte). */
    static final int EXHAUSTIVE_SPLIT_LIMIT = 16 * 1024;

    @TestFactory
    @DisplayName("[PARSE-006] every parse vector gives the same events in every chunking")
    Stream<DynamicNode> parseVectors() {
        return Vectors.parse().stream().map(v -> {
            String prefix = VectorRun.ids(v.requirements()) + " " + v.id();
            return dynamicContainer(prefix, Stream.of(
                    dynamicTest(prefix + " whole", () -> run(v, "whole", () -> List.of(v.input()))),
                    dynamicTest(prefix + " one-byte-at-a-time", () -> run(v, "one byte at a time", () -> bytewise(v.input()))),
                    dynamicTest(prefix + " every-2-way-split", () -> runSplits(v)),
                    dynamicTest(prefix + " declared-chunks", () -> run(v, "declared chunks " + Arrays.toString(v.splitAt()), v::declaredChunks))));
        });
    }

    private static void run(ParseVector v, String mode, Supplier<List<byte[]>> chunks) {
        long t0 = System.nanoTime();
        VectorRun.Result r = VectorRun.parse(chunks.get());
        String expected = VectorRun.render(v.events(), v.retry());
        VectorRun.check(v.id(), mode, v.requirements(), expected, r.render(), VectorRun.matches(r, v.events(), v.retry()), t0);
    }

    private static void runSplits(ParseVector v) {
        long t0 = System.nanoTime();
        byte[] in = v.input();
        String expected = VectorRun.render(v.events(), v.retry());
        for (int at : splitPoints(in)) {
            VectorRun.Result r = VectorRun.parse(List.of(Arrays.copyOfRange(in, 0, at), Arrays.copyOfRange(in, at, in.length)));
            if (!VectorRun.matches(r, v.events(), v.retry())) {
                VectorRun.check(v.id(), "split at byte " + at, v.requirements(), expected, r.render(), false, t0);
            }
        }
        VectorRun.check(v.id(), "every 2-way split", v.requirements(), expected, expected, true, t0);
    }

    static List<byte[]> bytewise(byte[] in) {
        List<byte[]> out = new ArrayList<>(in.length);
        for (byte b : in) {
            out.add(new byte[] {b});
        }
        return out;
    }

    /** Every offset for short inputs; for long ones, the offsets near the start, the end, line ends and multi-byte characters. */
    static List<Integer> splitPoints(byte[] in) {
        TreeSet<Integer> at = new TreeSet<>();
        if (in.length <= EXHAUSTIVE_SPLIT_LIMIT) {
            for (int i = 1; i < in.length; i++) {
                at.add(i);
            }
            return new ArrayList<>(at);
        }
        for (int i = 1; i < 256; i++) {
            at.add(i);
            at.add(in.length - i);
        }
        for (int i = 0; i < in.length; i++) {
            int b = in[i] & 0xff;
            if (b == '\r' || b == '\n' || b >= 0x80 || b == ':') {
                for (int d = -3; d <= 3; d++) {
                    at.add(i + d);
                }
            }
        }
        for (int i = 0; i < in.length; i += Math.max(1, in.length / 512)) {
            at.add(i);
        }
        at.removeIf(i -> i <= 0 || i >= in.length);
        return new ArrayList<>(at);
    }
}
