package dev.ssekit.protocol;

import static dev.ssekit.protocol.Recorder.bytes;
import static dev.ssekit.protocol.Recorder.concat;
import static dev.ssekit.protocol.Recorder.parseAllWays;
import static dev.ssekit.protocol.Recorder.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One rule of HTML 9.2.6 per test; every input is also checked in every two-way split and byte by byte. */
class EventStreamParserTest {

    private static final byte[] BOM = bytes(0xEF, 0xBB, 0xBF);

    private static ParsedEvent event(String type, String data, String id) {
        return new ParsedEvent(type, data, id);
    }

    @Test
    @DisplayName("[PARSE-001] the stream is decoded as UTF-8, including characters outside the BMP")
    void decodesUtf8() {
        Recorder r = parseAllWays("event: 你好\ndata: é中😀\n\n");
        assertEquals(List.of(event("你好", "é中😀", "")), r.events);
    }

    @Test
    @DisplayName("[PARSE-002] one leading BOM is stripped, even split across chunks")
    void stripsLeadingBom() {
        Recorder r = parseAllWays(concat(BOM, utf8(": hi\ndata: a\n\n")));
        assertEquals(List.of("a"), r.data());
        assertEquals(List.of("hi"), r.comments, "the line after the BOM starts with a colon");
    }

    @Test
    @DisplayName("[PARSE-002] a second BOM is content: it becomes part of the first field name")
    void keepsSecondBom() {
        Recorder r = parseAllWays(concat(BOM, BOM, utf8("data: a\n\ndata: b\n\n")));
        assertEquals(List.of("b"), r.data());
    }

    @Test
    @DisplayName("[PARSE-002] a BOM after stream start is content")
    void keepsBomAfterStart() {
        Recorder r = parseAllWays(concat(utf8("data: a\n"), BOM, utf8("data: b\ndata: "), BOM, utf8("c\n\n")));
        assertEquals(List.of("a\n\uFEFFc"), r.data());
    }

    @Test
    @DisplayName("[PARSE-002,PARSE-003] a partial BOM at stream start is not stripped and decodes to U+FFFD")
    void partialBomIsContent() {
        Recorder r = parseAllWays(concat(bytes(0xEF, 0xBB), utf8(":x\n:y\ndata: a\n\n")));
        assertEquals(List.of("y"), r.comments, "the first line starts with U+FFFD, not a colon");
        assertEquals(List.of("a"), r.data());
    }

    @Test
    @DisplayName("[PARSE-003] a multi-byte character split across chunks decodes whole")
    void multiByteCharacterAcrossChunks() {
        byte[] in = utf8("data: 😀中\n\n");
        for (int at = 7; at < 13; at++) {
            Recorder r = Recorder.run(ParserLimits.defaults(),
                    List.of(java.util.Arrays.copyOfRange(in, 0, at), java.util.Arrays.copyOfRange(in, at, in.length)));
            assertEquals(List.of("😀中"), r.data(), "split at " + at);
        }
    }

    @Test
    @DisplayName("[PARSE-004] CRLF, LF and CR each end a line, mixed in one stream")
    void lineEnds() {
        assertEquals(List.of("a", "b", "c"), parseAllWays("data: a\r\n\r\ndata: b\n\ndata: c\r\r").data());
        assertEquals(List.of("a\nb\nc"), parseAllWays("data: a\rdata: b\ndata: c\r\n\n").data());
    }

    @Test
    @DisplayName("[PARSE-004] a CRLF split across chunks is one line end, not two")
    void crlfAcrossChunksIsOneLineEnd() {
        Recorder r = Recorder.run(ParserLimits.defaults(), List.of(utf8("data: a\r"), utf8("\ndata: b\r"), utf8("\n\r"), utf8("\n")));
        assertEquals(List.of("a\nb"), r.data());
    }

    @Test
    @DisplayName("[PARSE-004] LF CR is two line ends")
    void lfCrIsTwoLineEnds() {
        assertEquals(List.of("a"), parseAllWays("data: a\n\rdata: b\n").data());
    }

    @Test
    @DisplayName("[PARSE-005] the buffers start empty: type message, data and last event ID empty")
    void buffersStartEmpty() {
        Recorder r = parseAllWays("data\n\n");
        assertEquals(List.of(event("message", "", "")), r.events);
    }

    @Test
    @DisplayName("[PARSE-005,PARSE-022] a carried-over last event ID holds until the first dispatch, which takes the empty id buffer")
    void initialLastEventIdHoldsUntilDispatch() {
        Recorder r = new Recorder();
        EventStreamParser p = new EventStreamParser(r, ParserLimits.defaults(), "41");
        assertEquals("41", p.lastEventId());
        p.feed(utf8("data: x\n"));
        assertEquals("41", p.lastEventId());
        p.feed(utf8("\n"));
        assertEquals(List.of(event("message", "x", "")), r.events);
        assertEquals("", p.lastEventId());
    }

    @Test
    @DisplayName("[PARSE-006] lines and events are processed in the order received")
    void order() {
        Recorder r = parseAllWays("event: a\nevent: b\ndata: 1\n\ndata: 2\ndata: 3\n\n");
        assertEquals(List.of(event("b", "1", ""), event("message", "2\n3", "")), r.events);
    }

    @Test
    @DisplayName("[PARSE-006] feed(ByteBuffer) reads heap, direct and read-only buffers and advances the position")
    void feedsByteBuffers() {
        byte[] in = utf8("data: a\n\ndata: b\n\n");
        for (ByteBuffer buf : List.of(ByteBuffer.wrap(in), ByteBuffer.allocateDirect(in.length).put(in).flip(),
                ByteBuffer.wrap(in).asReadOnlyBuffer(), ByteBuffer.wrap(concat(utf8("xx"), in)).position(2).slice())) {
            Recorder r = new Recorder();
            EventStreamParser p = new EventStreamParser(r);
            p.feed(buf);
            assertFalse(buf.hasRemaining());
            assertEquals(List.of("a", "b"), r.data(), buf.toString());
        }
    }

    @Test
    @DisplayName("[PARSE-006] feed(bytes, off, len) reads only that range")
    void feedsArrayRange() {
        Recorder r = new Recorder();
        EventStreamParser p = new EventStreamParser(r);
        p.feed(utf8("XXdata: a\n\nYY"), 2, 9);
        assertEquals(List.of("a"), r.data());
        assertThrows(IndexOutOfBoundsException.class, () -> p.feed(new byte[3], 2, 2));
    }

    @Test
    @DisplayName("[PARSE-007] a blank line dispatches the event")
    void blankLineDispatches() {
        Recorder r = new Recorder();
        EventStreamParser p = new EventStreamParser(r);
        p.feed(utf8("data: a\n"));
        assertTrue(r.events.isEmpty());
        p.feed(utf8("\n"));
        assertEquals(List.of("a"), r.data());
    }

    @Test
    @DisplayName("[PARSE-029,PARSE-004] an event ending in CR CR is dispatched at once, without waiting for a possible LF")
    void crCrDispatchesWithoutWaiting() {
        Recorder r = new Recorder();
        EventStreamParser p = new EventStreamParser(r);
        p.feed(utf8("data: a\r\r"));
        assertEquals(List.of("a"), r.data());
        p.feed(utf8("\ndata: b\n\n"));
        assertEquals(List.of("a", "b"), r.data(), "the LF after the second CR belongs to it");
    }

    @Test
    @DisplayName("[PARSE-008] a line starting with a colon is a comment: ignored, but reported with one space removed")
    void comments() {
        Recorder r = parseAllWays(": one\n:two\n:  three\n:\n::x\ndata: a\n: four\n\n");
        assertEquals(List.of("a"), r.data());
        assertEquals(List.of("one", "two", " three", "", ":x", "four"), r.comments);
    }

    @Test
    @DisplayName("[PARSE-009] the field name is everything before the first colon")
    void fieldNameEndsAtFirstColon() {
        assertEquals(List.of(), parseAllWays("dat:a\ndata :b\n data:c\n\n").data());
        assertEquals(List.of("x"), parseAllWays("data:x\n\n").data());
    }

    @Test
    @DisplayName("[PARSE-010] the value is everything after the first colon, later colons included")
    void valueKeepsLaterColons() {
        assertEquals(List.of("a:b: c:"), parseAllWays("data: a:b: c:\n\n").data());
    }

    @Test
    @DisplayName("[PARSE-011] exactly one leading space is removed from the value, and not a tab")
    void oneLeadingSpaceRemoved() {
        assertEquals(List.of(" a\nb\n\tc\n"), parseAllWays("data:  a\ndata:b\ndata:\tc\ndata: \n\n").data());
    }

    @Test
    @DisplayName("[PARSE-012] a line without a colon is a field with an empty value")
    void lineWithoutColon() {
        Recorder r = parseAllWays("id: 3\nevent: x\nevent\ndata\ndata\nid\n\n");
        assertEquals(List.of(event("message", "\n", "")), r.events);
    }

    @Test
    @DisplayName("[PARSE-013] an incomplete event and an unterminated line at end of stream are discarded")
    void incompleteEventDiscarded() {
        assertEquals(List.of("a"), parseAllWays("data: a\n\ndata: b\n").data());
        assertEquals(List.of("a"), parseAllWays("data: a\n\r").data(), "a lone CR is a blank line");
        assertEquals(List.of(), parseAllWays("data: a").data());
        assertEquals(List.of(), parseAllWays("data: a\n").data());
        assertEquals(List.of("a"), parseAllWays("data: a\r\r").data());
    }

    @Test
    @DisplayName("[PARSE-013] feed after end() throws IllegalStateException; a second end() does nothing")
    void feedAfterEndThrows() {
        EventStreamParser p = new EventStreamParser(new Recorder());
        p.end();
        p.end();
        assertThrows(IllegalStateException.class, () -> p.feed(new byte[0]));
        assertThrows(IllegalStateException.class, () -> p.feed(ByteBuffer.allocate(1)));
    }

    @Test
    @DisplayName("[PARSE-014] field names are compared literally and case-sensitively")
    void fieldNamesCaseSensitive() {
        Recorder r = parseAllWays("Data: a\nDATA: b\nEvent: c\nID: 1\nRetry: 5\ndata: d\n\n");
        assertEquals(List.of(event("message", "d", "")), r.events);
        assertEquals(-1, r.reconnectionTime);
    }

    @Test
    @DisplayName("[PARSE-015] event sets the event type buffer; the last one wins")
    void eventSetsType() {
        assertEquals(List.of(event("b", "x", "")), parseAllWays("event: a\nevent: b\ndata: x\n\n").events);
    }

    @Test
    @DisplayName("[PARSE-016] data appends its value and one LF to the data buffer")
    void dataAppends() {
        assertEquals(List.of("a\nb", "\n", ""), parseAllWays("data: a\ndata: b\n\ndata:\ndata:\n\ndata:\n\n").data());
    }

    @Test
    @DisplayName("[PARSE-017] id sets the last event ID buffer, and an empty id resets it")
    void idSetsBuffer() {
        Recorder r = parseAllWays("id: 1\ndata: a\n\nid: é 2\ndata: b\n\nid\ndata: c\n\nid:\ndata: d\n\n");
        assertEquals(List.of("1", "é 2", "", ""), r.events.stream().map(ParsedEvent::lastEventId).toList());
    }

    @Test
    @DisplayName("[PARSE-018] an id containing NUL is ignored")
    void idWithNulIgnored() {
        Recorder r = parseAllWays("id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\nid: \u0000\ndata: c\n\n");
        assertEquals(List.of("1", "1", "1"), r.events.stream().map(ParsedEvent::lastEventId).toList());
    }

    @Test
    @DisplayName("[PARSE-019] retry of ASCII digits sets the reconnection time, leading zeros allowed, huge values saturate")
    void retrySetsReconnectionTime() {
        Recorder r = parseAllWays("retry: 5000\nretry:007\nretry: 0\nretry: 99999999999999999999999\n");
        assertEquals(List.of(5000L, 7L, 0L, Long.MAX_VALUE), r.retries);
        assertEquals(Long.MAX_VALUE, r.reconnectionTime);
        assertEquals(List.of(9223372036854775807L), parseAllWays("retry: 9223372036854775807\n").retries);
        assertEquals(List.of(Long.MAX_VALUE), parseAllWays("retry: 9223372036854775808\n").retries);
    }

    @Test
    @DisplayName("[PARSE-019] a retry field alone dispatches nothing and is reported at once")
    void retryReportedAtOnce() {
        Recorder r = new Recorder();
        EventStreamParser p = new EventStreamParser(r);
        assertEquals(-1, p.reconnectionTime());
        p.feed(utf8("retry: 1234\n"));
        assertEquals(List.of(1234L), r.retries);
        assertEquals(1234, p.reconnectionTime());
        assertTrue(r.events.isEmpty());
    }

    @Test
    @DisplayName("[PARSE-020] retry with anything but ASCII digits is ignored")
    void badRetryIgnored() {
        Recorder r = parseAllWays("retry: 5s\nretry: -1\nretry:  5\nretry: 1.5\nretry: \nretry\nretry: +3\nretry: ٣\nretry: 5 \n");
        assertEquals(List.of(), r.retries);
        assertEquals(-1, r.reconnectionTime);
    }

    @Test
    @DisplayName("[PARSE-021] unknown fields are ignored")
    void unknownFieldsIgnored() {
        Recorder r = parseAllWays("foo: bar\ndataa: x\ni: y\nretryy: 5\nevents: z\n: c\ndata: d\n\n");
        assertEquals(List.of(event("message", "d", "")), r.events);
        assertEquals(List.of(), r.retries);
    }

    @Test
    @DisplayName("[PARSE-022] dispatch sets the last event ID string even when there is no data")
    void dispatchSetsLastEventIdWithoutData() {
        Recorder r = new Recorder();
        EventStreamParser p = new EventStreamParser(r);
        p.feed(utf8("id: 5\n"));
        assertEquals("", p.lastEventId(), "set at dispatch, not when the field is read");
        p.feed(utf8("\n"));
        assertEquals("5", p.lastEventId());
        assertTrue(r.events.isEmpty());
        p.feed(utf8("id\n\n"));
        assertEquals("", p.lastEventId());
    }

    @Test
    @DisplayName("[PARSE-023] an empty data buffer dispatches nothing and resets the event type")
    void emptyDataResetsType() {
        Recorder r = parseAllWays("event: x\n\ndata: y\n\n");
        assertEquals(List.of(event("message", "y", "")), r.events);
    }

    @Test
    @DisplayName("[PARSE-024] exactly one trailing LF is removed from the data")
    void oneTrailingLfRemoved() {
        assertEquals(List.of("a\n", "\n\n"), parseAllWays("data: a\ndata:\n\ndata\ndata\ndata\n\n").data());
    }

    @Test
    @DisplayName("[PARSE-025] the event type defaults to message, also after an empty event field")
    void typeDefaultsToMessage() {
        assertEquals(List.of(event("message", "a", ""), event("message", "b", "")),
                parseAllWays("data: a\n\nevent: x\nevent:\ndata: b\n\n").events);
    }

    @Test
    @DisplayName("[PARSE-026] a non-empty event type buffer names the event, whatever it is")
    void namedType() {
        assertEquals(List.of("ping", "message", " x", "Ünï"),
                parseAllWays("event: ping\ndata\n\nevent: message\ndata\n\nevent:  x\ndata\n\nevent: Ünï\ndata\n\n")
                        .events.stream().map(ParsedEvent::type).toList());
    }

    @Test
    @DisplayName("[PARSE-027] data and event type buffers reset after each dispatch")
    void buffersResetAfterDispatch() {
        assertEquals(List.of(event("a", "1", ""), event("message", "2", ""), event("a", "3", "")),
                parseAllWays("event: a\ndata: 1\n\ndata: 2\n\nevent: a\ndata: 3\n\n").events);
    }

    @Test
    @DisplayName("[PARSE-028] an event without id carries the last id seen")
    void idPersists() {
        Recorder r = parseAllWays("id: 1\ndata: a\n\ndata: b\n\nevent: x\n\ndata: c\n\n");
        assertEquals(List.of("1", "1", "1"), r.events.stream().map(ParsedEvent::lastEventId).toList());
        assertEquals("1", r.lastEventId);
    }

    @Test
    @DisplayName("[PARSE-006] a listener that throws leaves the parser unusable")
    void listenerExceptionStopsParser() {
        EventStreamParser p = new EventStreamParser(e -> {
            throw new IllegalArgumentException("boom");
        });
        assertThrows(IllegalArgumentException.class, () -> p.feed(utf8("data: a\n\n")));
        assertThrows(IllegalStateException.class, () -> p.feed(utf8("data: b\n\n")));
    }

    @Test
    @DisplayName("[PARSE-006] a listener may not feed its own parser")
    void reentrantFeedRejected() {
        EventStreamParser[] self = new EventStreamParser[1];
        self[0] = new EventStreamParser(e -> self[0].feed(utf8("data: b\n\n")));
        assertThrows(IllegalStateException.class, () -> self[0].feed(utf8("data: a\n\n")));
    }

    @Test
    @DisplayName("[PARSE-006] long lines spanning many chunks parse like short ones")
    void longLinesAcrossChunks() {
        String big = "x".repeat(100_000) + "é" + "y".repeat(50_000);
        byte[] in = utf8("id: " + big + "\nevent: " + big + "\ndata: " + big + "\ndata: " + big + "\n\n");
        Recorder r = Recorder.run(ParserLimits.defaults(), chunks(in, 1000));
        assertEquals(List.of(event(big, big + "\n" + big, big)), r.events);
    }

    static List<byte[]> chunks(byte[] in, int size) {
        java.util.ArrayList<byte[]> out = new java.util.ArrayList<>();
        for (int off = 0; off < in.length; off += size) {
            out.add(java.util.Arrays.copyOfRange(in, off, Math.min(in.length, off + size)));
        }
        return out;
    }
}
