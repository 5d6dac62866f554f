package dev.ssekit.protocol;

import static dev.ssekit.protocol.Recorder.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The canonical encoding, byte for byte, on every output path. */
class EventStreamEncoderTest {

    private static String wire(OutgoingEvent e) {
        byte[] bytes = EventStreamEncoder.encode(e);
        assertEquals(bytes.length, EventStreamEncoder.encodedLength(e), "encodedLength");
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("[ENC-001] data is split at LF, CR and CRLF (CRLF once), one data line each")
    void splitsDataOnEveryLineEnd() {
        assertEquals("data: a\ndata: b\ndata: c\ndata: d\n\n", wire(OutgoingEvent.data("a\nb\rc\r\nd")));
        assertEquals("data: a\ndata:\ndata: b\n\n", wire(OutgoingEvent.data("a\r\rb")), "CR CR is two line ends");
        assertEquals("data: a\ndata:\ndata: b\n\n", wire(OutgoingEvent.data("a\n\rb")), "LF CR is two line ends");
        assertEquals("data: a\ndata:\n\n", wire(OutgoingEvent.data("a\n")), "a trailing line end leaves an empty last line");
        assertEquals("data:\ndata:\n\n", wire(OutgoingEvent.data("\r\n")));
    }

    @Test
    @DisplayName("[ENC-002] a leading space in data survives: one space is always written after the colon")
    void keepsLeadingSpace() {
        assertEquals("data:  x\n\n", wire(OutgoingEvent.data(" x")));
        assertEquals("data:  \n\n", wire(OutgoingEvent.data(" ")));
        assertEquals("data: a\ndata:  b\n\n", wire(OutgoingEvent.data("a\n b")));
    }

    @Test
    @DisplayName("[ENC-001,PARSE-024] empty data is one empty data line, which dispatches an event with empty data")
    void emptyData() {
        assertEquals("data:\n\n", wire(OutgoingEvent.data("")));
        Recorder r = Recorder.run(ParserLimits.defaults(), List.of(EventStreamEncoder.encode(OutgoingEvent.data(""))));
        assertEquals(List.of(new ParsedEvent("message", "", "")), r.events);
    }

    @Test
    @DisplayName("[ENC-008] fields come in the order comment, retry, id, event, data")
    void fieldOrder() {
        OutgoingEvent e = new OutgoingEvent("c", 1500L, "7", "update", "d");
        assertEquals(": c\nretry: 1500\nid: 7\nevent: update\ndata: d\n\n", wire(e));
        assertEquals(e, OutgoingEvent.data("d").withEvent("update").withId("7").withRetry(1500).withComment("c"));
    }

    @Test
    @DisplayName("[ENC-008,PARSE-017] an empty id is written as a bare id field, which resets the last event ID")
    void emptyId() {
        assertEquals("id:\ndata: x\n\n", wire(OutgoingEvent.data("x").withId("")));
        assertEquals("id:\n\n", wire(new OutgoingEvent(null, null, "", null, null)));
    }

    @Test
    @DisplayName("[ENC-008,PARSE-025] an empty event type is omitted: it means the default, message")
    void emptyEventOmitted() {
        assertEquals("data: x\n\n", wire(OutgoingEvent.data("x").withEvent("")));
        assertEquals("data: x\n\n", wire(OutgoingEvent.data("x").withEvent(null)));
    }

    @Test
    @DisplayName("[ENC-008,PARSE-019] retry is written in decimal, 0 and Long.MAX_VALUE included")
    void retry() {
        assertEquals("retry: 0\n\n", wire(new OutgoingEvent(null, 0L, null, null, null)));
        assertEquals("retry: 9223372036854775807\n\n", wire(new OutgoingEvent(null, Long.MAX_VALUE, null, null, null)));
        assertEquals("retry: 10\n\n", wire(new OutgoingEvent(null, 10L, null, null, null)));
    }

    @Test
    @DisplayName("[ENC-001,ENC-008] a comment is one colon line per line of text, and a comment alone has no blank line")
    void comments() {
        assertEquals(": ping\n", wire(OutgoingEvent.comment("ping")));
        assertEquals(":\n", wire(OutgoingEvent.comment("")));
        assertEquals(": a\n:\n: b\n: c\n", wire(OutgoingEvent.comment("a\n\nb\r\nc")));
        assertEquals(":  x\n", wire(OutgoingEvent.comment(" x")));
        assertEquals(": c\ndata: d\n\n", wire(OutgoingEvent.data("d").withComment("c")));
    }

    @Test
    @DisplayName("[PARSE-030] text is UTF-8: BMP and non-BMP characters, surrogate pairs as four bytes")
    void utf8Text() {
        OutgoingEvent e = OutgoingEvent.data("é中😀\u0000").withId("ü😀").withEvent("ï");
        byte[] bytes = EventStreamEncoder.encode(e);
        assertArrayEquals(utf8("id: ü😀\nevent: ï\ndata: é中😀\u0000\n\n"), bytes);
        assertEquals(bytes.length, EventStreamEncoder.encodedLength(e));
        assertEquals(4, utf8("😀").length);
    }

    @Test
    @DisplayName("[ENC-009] the OutputStream and ByteBuffer paths write the same bytes as the byte[] path")
    void allPathsAgree() throws IOException {
        List<OutgoingEvent> events = List.of(
                OutgoingEvent.data("a\r\nb").withId("1").withEvent("x").withRetry(5).withComment("c\rd"),
                OutgoingEvent.comment("hb"),
                OutgoingEvent.data("😀".repeat(5000) + "\n" + "x".repeat(20_000)));
        for (OutgoingEvent e : events) {
            byte[] expected = EventStreamEncoder.encode(e);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            EventStreamEncoder.encode(e, out);
            assertArrayEquals(expected, out.toByteArray(), "OutputStream");

            for (ByteBuffer buf : List.of(ByteBuffer.allocate(expected.length + 7), ByteBuffer.allocateDirect(expected.length + 7),
                    ByteBuffer.wrap(new byte[expected.length + 20], 5, expected.length + 9).slice())) {
                buf.put((byte) '#');
                EventStreamEncoder.encode(e, buf);
                assertEquals(1 + expected.length, buf.position(), buf.toString());
                buf.flip();
                byte[] got = new byte[buf.remaining()];
                buf.get(got);
                assertArrayEquals(expected, Arrays.copyOfRange(got, 1, got.length), buf.toString());
            }
        }
    }

    @Test
    @DisplayName("[ENC-009] the OutputStream path writes a small event in one write call and a large one in 8 KiB windows")
    void streamWrites() throws IOException {
        List<Integer> writes = new ArrayList<>();
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                writes.add(1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(len);
            }
        };
        OutgoingEvent small = OutgoingEvent.data("hello").withId("1");
        EventStreamEncoder.encode(small, counting);
        assertEquals(List.of(19), writes);
        writes.clear();
        OutgoingEvent big = OutgoingEvent.data("y".repeat(20_000));
        EventStreamEncoder.encode(big, counting);
        assertEquals(EventStreamEncoder.encodedLength(big), writes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(writes.stream().allMatch(n -> n <= 8192), writes.toString());
    }

    @Test
    @DisplayName("[ENC-009] a ByteBuffer without room for the whole event gets BufferOverflowException and nothing written")
    void overflowWritesNothing() {
        OutgoingEvent e = OutgoingEvent.data("hello").withId("1");
        int n = EventStreamEncoder.encodedLength(e);
        for (ByteBuffer buf : List.of(ByteBuffer.allocate(n - 1), ByteBuffer.allocateDirect(n - 1))) {
            assertThrows(BufferOverflowException.class, () -> EventStreamEncoder.encode(e, buf));
            assertEquals(0, buf.position());
            while (buf.hasRemaining()) {
                assertEquals(0, buf.get(), "untouched");
            }
        }
        ByteBuffer exact = ByteBuffer.allocate(n);
        EventStreamEncoder.encode(e, exact);
        assertEquals(n, exact.position());
    }

    @Test
    @DisplayName("[ENC-009] encodedLength equals the bytes written, for many shapes of event")
    void encodedLengthIsExact() {
        String[] texts = {"", "a", " ", "\r", "\n", "\r\n", "\n\r", "é", "中", "😀", "a\r\nb\rc\nd", "\u0000", "\u007f\u0080\u07ff\u0800\uffff"};
        for (String t : texts) {
            for (OutgoingEvent e : List.of(OutgoingEvent.data(t), OutgoingEvent.comment(t),
                    OutgoingEvent.data(t).withComment(t).withRetry(123))) {
                assertEquals(EventStreamEncoder.encode(e).length, EventStreamEncoder.encodedLength(e), e.toString());
            }
        }
    }
}
