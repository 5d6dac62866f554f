package dev.ssekit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.server.internal.Document;
import dev.ssekit.server.internal.EncodedDocument;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bundled documents: LF-normalised, cut into code points, and holding what the contract promises. */
class DocumentTest {

    @Test
    @DisplayName("[API-008,PARSE-031] line ends are LF-normalised at load: CRLF and lone CR become LF")
    void lineEndsAreNormalised() {
        assertEquals("a\nb\nc\n\n\nd", Document.normaliseLineEnds("a\r\nb\rc\n\r\rd"), "LF CR CR is three line ends");
        assertEquals("\n", Document.normaliseLineEnds("\r\n"));
        assertEquals(List.of("x", "\n", "y"), Document.of("t", "x\r\ny").pieces());
        assertEquals("x\ny", Document.of("t", "x\ry").text());
    }

    @Test
    @DisplayName("[API-007] a piece is one code point: surrogate pairs stay whole, a ZWJ sequence is several pieces")
    void piecesAreCodePoints() {
        assertEquals(List.of("\ud83d\udc68", "\u200d", "\ud83d\udc69", "\u200d", "\ud83d\udc67"),
                Document.codePoints("\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67"));
        assertEquals(List.of("\ud83c\uddfa", "\ud83c\uddf3"), Document.codePoints("\ud83c\uddfa\ud83c\uddf3"));
        assertThrows(IllegalArgumentException.class, () -> Document.codePoints("a\ud83d"));
        assertThrows(IllegalArgumentException.class, () -> Document.codePoints("\ude00b"));
    }

    @Test
    @DisplayName("[API-007,API-008] the tutorial holds Chinese text, a multi-line paragraph, a line with a lone space, a ZWJ family and a flag, with LF line ends only")
    void tutorialHoldsWhatTheContractPromises() {
        String t = SseCore.documentText("tutorial");
        assertFalse(t.contains("\r"));
        assertTrue(t.chars().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN));
        assertTrue(t.contains("\n \n"), "a line holding a lone space");
        assertTrue(t.contains("\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\u200d\ud83d\udc66"), "ZWJ family");
        assertTrue(t.contains("\ud83c\uddfa\ud83c\uddf3"), "a flag: two regional indicators");
        assertTrue(t.codePoints().anyMatch(Character::isSupplementaryCodePoint));
        String[] lines = t.split("\n", -1);
        int paragraph = 0;
        int longest = 0;
        for (String line : lines) {
            paragraph = line.isEmpty() ? 0 : paragraph + 1;
            longest = Math.max(longest, paragraph);
        }
        assertTrue(longest >= 3, "a paragraph of several lines");
        Document d = Document.bundled("tutorial");
        assertEquals(t, String.join("", d.pieces()));
        assertEquals(t.codePointCount(0, t.length()), d.pieces().size());
    }

    @Test
    @DisplayName("[API-006,API-013] a document is encoded once per event type: pieces with ids 1..N, done with N+1")
    void encodedDocumentLayout() {
        EncodedDocument e = EncodedDocument.encode(Document.bundled("probe"), "lol");
        assertEquals(8, e.size());
        assertTrue(e.slice(0, 8).isReadOnly());
        assertEquals("id: 1\nevent: lol\ndata: A\n\n", text(e.slice(0, 1)));
        assertEquals("id: 9\nevent: done\ndata:\n\n", text(e.done()));
        assertEquals(e.length(0, 8), e.slice(0, 8).remaining());
        assertEquals(1, e.batchEnd(0, 8, 1), "a piece larger than the batch still goes alone");
        assertEquals(8, e.batchEnd(0, 8, 1 << 20));
        assertEquals(3, e.batchEnd(0, 3, 1 << 20), "never past the stop");
        int two = e.length(0, 2);
        assertEquals(2, e.batchEnd(0, 8, two));
        assertEquals(2, e.batchEnd(0, 8, two + 1));
    }

    private static String text(java.nio.ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return new String(a, java.nio.charset.StandardCharsets.UTF_8);
    }
}
