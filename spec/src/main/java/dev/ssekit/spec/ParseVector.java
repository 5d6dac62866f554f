package dev.ssekit.spec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parse vector: input bytes and the events (and final reconnection time) a conforming parser yields.
 * {@code retry} is null when no valid retry field occurs. {@code splitAt} holds the declared chunk boundaries.
 */
public record ParseVector(String id, String group, String description, List<String> requirements, byte[] input,
        int[] splitAt, List<ExpectedEvent> events, BigInteger retry) {

    /** The input cut at {@link #splitAt()}; the whole input as one chunk when none is declared. */
    public List<byte[]> declaredChunks() {
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        for (int at : splitAt) {
            chunks.add(Arrays.copyOfRange(input, from, at));
            from = at;
        }
        chunks.add(Arrays.copyOfRange(input, from, input.length));
        return chunks;
    }

    @Override
    public String toString() {
        return id;
    }
}
