package dev.ssekit.bench.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ssekit.bench.jmh.Corpora;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FloorParserTest {

    private final PeerParser floor = PeerParsers.floor();
    private final PeerParser ours = new OursParser();

    private static List<String> data(PeerParser p, List<byte[]> chunks) throws Exception {
        List<String> out = new ArrayList<>();
        p.parse(chunks, (t, d, id) -> out.add(d));
        return out;
    }

    /** {@code bytes} cut every {@code size} bytes. */
    private static List<byte[]> cut(byte[] bytes, int size) {
        List<byte[]> chunks = new ArrayList<>();
        for (int off = 0; off < bytes.length; off += size) {
            chunks.add(Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + size)));
        }
        return chunks;
    }

    @Test
    @DisplayName("[PARSE-016, PARSE-024] floor finds every corpus's events and builds the same data Strings as ours, in the corpus's chunks and cut small")
    void floorMatchesOursOnEveryCorpus() throws Exception {
        for (String name : Corpora.NAMES) {
            Corpora.Corpus c = Corpora.get(name);
            List<String> expected = data(ours, c.chunks());
            assertEquals(c.events(), expected.size(), name + ": ours");
            assertEquals(expected, data(floor, c.chunks()), name + ": floor, corpus chunks");
            for (int size : new int[] {7, 4099}) {
                assertEquals(expected, data(floor, cut(c.bytes(), size)), name + ": floor, " + size + "-byte chunks");
            }
        }
    }

    @Test
    @DisplayName("[PARSE-004] floor: CRLF, lone CR and lone LF end lines wherever the chunks split, multi-line data included")
    void floorLineEndsAcrossEverySplit() throws Exception {
        byte[] body = ("data: a\r\ndata: b\r\n\r\n: c\rdata:x\rdata\r\rdata: é€😀\n\ndata: y\r\n"
                + "id: 1\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        List<String> expected = data(ours, List.of(body));
        assertEquals(List.of("a\nb", "x\n", "é€😀", "y"), expected);
        for (int i = 0; i <= body.length; i++) {
            List<byte[]> two = List.of(Arrays.copyOfRange(body, 0, i), Arrays.copyOfRange(body, i, body.length));
            assertEquals(expected, data(floor, two), "split at " + i);
        }
        assertEquals(expected, data(floor, cut(body, 1)), "byte by byte");
    }
}
