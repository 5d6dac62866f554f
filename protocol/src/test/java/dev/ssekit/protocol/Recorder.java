package dev.ssekit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Records everything a parser reports, and runs inputs through parsers in several chunkings. */
final class Recorder implements EventStreamListener {

    final List<ParsedEvent> events = new ArrayList<>();
    final List<Long> retries = new ArrayList<>();
    final List<String> comments = new ArrayList<>();
    String lastEventId;
    long reconnectionTime;

    @Override
    public void onEvent(ParsedEvent event) {
        events.add(event);
    }

    @Override
    public void onRetry(long millis) {
        retries.add(millis);
    }

    @Override
    public void onComment(String text) {
        comments.add(text);
    }

    /** Everything observable, for comparing two runs. */
    String summary() {
        return "events=" + events + " retries=" + retries + " comments=" + comments + " lastEventId=" + lastEventId
                + " reconnectionTime=" + reconnectionTime;
    }

    List<String> data() {
        return events.stream().map(ParsedEvent::data).toList();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Feeds the chunks, then ends the stream. */
    static Recorder run(ParserLimits limits, List<byte[]> chunks) {
        Recorder r = new Recorder();
        EventStreamParser p = new EventStreamParser(r, limits);
        for (byte[] c : chunks) {
            p.feed(c);
        }
        p.end();
        r.lastEventId = p.lastEventId();
        r.reconnectionTime = p.reconnectionTime();
        return r;
    }

    /**
     * Parses {@code in} whole, one byte at a time, and split in two at every offset; asserts that all agree and
     * returns the whole-stream result.
     */
    static Recorder parseAllWays(byte[] in) {
        Recorder whole = run(ParserLimits.defaults(), List.of(in));
        List<byte[]> single = new ArrayList<>();
        for (byte b : in) {
            single.add(new byte[] {b});
        }
        assertEquals(whole.summary(), run(ParserLimits.defaults(), single).summary(), "one byte at a time");
        for (int at = 1; at < in.length; at++) {
            Recorder split = run(ParserLimits.defaults(),
                    List.of(Arrays.copyOfRange(in, 0, at), Arrays.copyOfRange(in, at, in.length)));
            assertEquals(whole.summary(), split.summary(), "split at byte " + at);
        }
        return whole;
    }

    static Recorder parseAllWays(String in) {
        return parseAllWays(utf8(in));
    }
}
