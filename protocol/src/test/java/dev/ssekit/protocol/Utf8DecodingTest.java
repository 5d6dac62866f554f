package dev.ssekit.protocol;

import static dev.ssekit.protocol.Recorder.bytes;
import static dev.ssekit.protocol.Recorder.concat;
import static dev.ssekit.protocol.Recorder.parseAllWays;
import static dev.ssekit.protocol.Recorder.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PARSE-003: ill-formed UTF-8 decodes exactly as the WHATWG Encoding standard's decoder does, one U+FFFD per maximal
 * subpart. Checked on a table of known cases, and against a byte-at-a-time transcription of the standard's
 * algorithm on random bytes.
 */
class Utf8DecodingTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("ED A0 80 (a surrogate) is three U+FFFD", bytes(0xED, 0xA0, 0x80), "\uFFFD\uFFFD\uFFFD"),
                Arguments.of("E0 80 80 (overlong) is three U+FFFD", bytes(0xE0, 0x80, 0x80), "\uFFFD\uFFFD\uFFFD"),
                Arguments.of("F4 90 80 80 (above U+10FFFF) is four U+FFFD", bytes(0xF4, 0x90, 0x80, 0x80), "\uFFFD".repeat(4)),
                Arguments.of("C0 AF (overlong) is two U+FFFD", bytes(0xC0, 0xAF), "\uFFFD\uFFFD"),
                Arguments.of("F0 9F 98 cut off by the line end is one U+FFFD", bytes(0xF0, 0x9F, 0x98), "\uFFFD"),
                Arguments.of("E2 82 then ASCII is one U+FFFD then the ASCII", bytes(0xE2, 0x82, 'x'), "\uFFFDx"),
                Arguments.of("a lone continuation byte is one U+FFFD", bytes(0x80), "\uFFFD"),
                Arguments.of("FF, FE, F5 and C1 are one U+FFFD each", bytes(0xFF, 0xFE, 0xF5, 0xC1), "\uFFFD".repeat(4)),
                Arguments.of("F0 80 is two U+FFFD (80 is below F0's lower bound)", bytes(0xF0, 0x80), "\uFFFD\uFFFD"),
                Arguments.of("E1 80 then E1 is two U+FFFD", bytes(0xE1, 0x80, 0xE1), "\uFFFD\uFFFD"),
                Arguments.of("EF BF BD is a real U+FFFD", bytes(0xEF, 0xBF, 0xBD), "\uFFFD"),
                Arguments.of("F0 9F 98 80 is U+1F600", bytes(0xF0, 0x9F, 0x98, 0x80), "😀"),
                Arguments.of("F4 8F BF BF is U+10FFFF", bytes(0xF4, 0x8F, 0xBF, 0xBF), "\uDBFF\uDFFF"),
                Arguments.of("ED 9F BF is U+D7FF", bytes(0xED, 0x9F, 0xBF), "\uD7FF"),
                Arguments.of("E0 A0 80 is U+0800", bytes(0xE0, 0xA0, 0x80), "\u0800"),
                Arguments.of("C2 80 is U+0080", bytes(0xC2, 0x80), "\u0080"));
    }

    @ParameterizedTest(name = "[PARSE-003] {0}")
    @MethodSource("cases")
    @DisplayName("[PARSE-003] invalid UTF-8 decodes to U+FFFD per maximal subpart")
    void decodesLikeWhatwg(String what, byte[] value, String expected) {
        Recorder r = parseAllWays(concat(utf8("data: "), value, utf8("\nid: "), value, utf8("\n\n")));
        assertEquals(List.of(new ParsedEvent("message", expected, expected)), r.events);
    }

    @Property(tries = 500)
    @Label("[PARSE-003,PARSE-001] the parser's decoding equals the WHATWG UTF-8 decoder on random bytes")
    void matchesReferenceDecoder(@ForAll("utf8ish") byte[] value) {
        byte[] line = concat(utf8("data:"), value);
        // The reference decodes the whole line; the parser's value starts after "data:" and one optional space,
        // which are ASCII, so decoding the line and dropping that prefix is the same.
        String decoded = whatwgDecode(line).substring(5);
        String expected = decoded.startsWith(" ") ? decoded.substring(1) : decoded;
        for (int i = 0; i < value.length; i++) {
            if (value[i] == '\r' || value[i] == '\n') {
                return; // line ends are exercised elsewhere; here one line is one value
            }
        }
        Recorder r = Recorder.run(ParserLimits.defaults(), List.of(concat(line, utf8("\n\n"))));
        assertEquals(List.of(expected), r.data());
    }

    @Provide
    Arbitrary<byte[]> utf8ish() {
        Arbitrary<Byte> interesting = Arbitraries.of(
                (byte) 0x80, (byte) 0x8F, (byte) 0x90, (byte) 0x9F, (byte) 0xA0, (byte) 0xBF, (byte) 0xC0, (byte) 0xC1,
                (byte) 0xC2, (byte) 0xDF, (byte) 0xE0, (byte) 0xE1, (byte) 0xED, (byte) 0xEF, (byte) 0xF0, (byte) 0xF4,
                (byte) 0xF5, (byte) 0xFF, (byte) 'a', (byte) ' ', (byte) 0xBB, (byte) 0xBD);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, interesting),
                        net.jqwik.api.Tuple.of(1, Arbitraries.bytes()))
                .array(byte[].class).ofMaxSize(24);
    }

    /** The Encoding standard's UTF-8 decoder, byte by byte, as written there; the test's independent oracle. */
    static String whatwgDecode(byte[] in) {
        StringBuilder out = new StringBuilder();
        int codePoint = 0;
        int bytesSeen = 0;
        int bytesNeeded = 0;
        int lower = 0x80;
        int upper = 0xBF;
        int i = 0;
        while (true) {
            if (i == in.length) {
                if (bytesNeeded != 0) {
                    out.append('\uFFFD');
                }
                return out.toString();
            }
            int b = in[i] & 0xFF;
            if (bytesNeeded == 0) {
                i++;
                if (b <= 0x7F) {
                    out.append((char) b);
                } else if (b >= 0xC2 && b <= 0xDF) {
                    bytesNeeded = 1;
                    codePoint = b & 0x1F;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    if (b == 0xE0) {
                        lower = 0xA0;
                    }
                    if (b == 0xED) {
                        upper = 0x9F;
                    }
                    bytesNeeded = 2;
                    codePoint = b & 0xF;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    if (b == 0xF0) {
                        lower = 0x90;
                    }
                    if (b == 0xF4) {
                        upper = 0x8F;
                    }
                    bytesNeeded = 3;
                    codePoint = b & 0x7;
                } else {
                    out.append('\uFFFD');
                }
                continue;
            }
            if (b < lower || b > upper) {
                codePoint = 0;
                bytesNeeded = 0;
                bytesSeen = 0;
                lower = 0x80;
                upper = 0xBF;
                out.append('\uFFFD');
                continue; // the byte is processed again ("restore byte to the stream")
            }
            i++;
            lower = 0x80;
            upper = 0xBF;
            codePoint = (codePoint << 6) | (b & 0x3F);
            bytesSeen++;
            if (bytesSeen != bytesNeeded) {
                continue;
            }
            out.appendCodePoint(codePoint);
            codePoint = 0;
            bytesNeeded = 0;
            bytesSeen = 0;
        }
    }
}
