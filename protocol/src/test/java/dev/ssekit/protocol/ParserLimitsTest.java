package dev.ssekit.protocol;

import static dev.ssekit.protocol.Recorder.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's own bounds (HTML sets none): a line or an event's data past its limit raises LimitExceededException
 * naming the limit, before the parser buffers it.
 */
class ParserLimitsTest {

    private static final int MIB = 1 << 20;

    private static void assertLimit(String limit, long max, LimitExceededException e) {
        assertEquals(limit, e.limit());
        assertEquals(max, e.max());
        assertTrue(e.getMessage().contains(limit + "=" + max), e.getMessage());
    }

    @Test
    @DisplayName("[KIT-005] the default limits are 1 MiB per line and 8 MiB per event")
    void defaults() {
        assertEquals(1_048_576, ParserLimits.defaults().maxLineLength());
        assertEquals(8_388_608, ParserLimits.defaults().maxEventSize());
        assertEquals(ParserLimits.of(1_048_576, 8_388_608), ParserLimits.defaults());
        assertThrows(IllegalArgumentException.class, () -> ParserLimits.of(0, 1));
        assertThrows(IllegalArgumentException.class, () -> ParserLimits.of(1, 0));
    }

    @Test
    @DisplayName("[KIT-005] a line of exactly maxLineLength bytes is accepted; one byte more is refused")
    void lineLengthBoundary() {
        ParserLimits limits = ParserLimits.of(10, 100);
        Recorder ok = Recorder.run(limits, List.of(utf8("data: 1234\n\n")));
        assertEquals(List.of("1234"), ok.data());
        // Refused in one chunk, and with the line split across chunks.
        for (List<byte[]> chunks : List.of(List.of(utf8("data: 12345\n\n")),
                List.of(utf8("data: "), utf8("12345"), utf8("\n\n")),
                List.of(utf8("data: 12345")))) {
            EventStreamParser p = new EventStreamParser(new Recorder(), limits);
            LimitExceededException e = assertThrows(LimitExceededException.class, () -> chunks.forEach(p::feed));
            assertLimit("maxLineLength", 10, e);
        }
    }

    @Test
    @DisplayName("[KIT-005,PARSE-008] the line limit applies to every line: comments and unknown fields too")
    void lineLimitAppliesToAllLines() {
        ParserLimits limits = ParserLimits.of(8, 100);
        for (String line : List.of(":123456789\n", "foo: 12345\n", "123456789\r", "id: 123456\n", "\uFEFF".repeat(4))) {
            EventStreamParser p = new EventStreamParser(new Recorder(), limits);
            assertLimit("maxLineLength", 8, assertThrows(LimitExceededException.class, () -> p.feed(utf8(line))));
        }
    }

    @Test
    @DisplayName("[KIT-005] a 100 MiB line with a 1 MiB limit is refused after 1 MiB, without buffering more")
    void hugeLineRefusedEarly() {
        EventStreamParser p = new EventStreamParser(new Recorder(), ParserLimits.of(MIB, 8 * MIB));
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        long before = allocatedBytes();
        long fed = 0;
        LimitExceededException refused = null;
        for (int i = 0; i < 1600 && refused == null; i++) { // 1600 x 64 KiB = 100 MiB
            try {
                p.feed(chunk);
                fed += chunk.length;
            } catch (LimitExceededException e) {
                refused = e;
            }
        }
        long allocated = allocatedBytes() - before;
        assertTrue(refused != null, "no LimitExceededException");
        assertLimit("maxLineLength", MIB, refused);
        assertEquals(MIB, fed, "refused in the chunk that crossed the limit");
        if (before >= 0) {
            assertTrue(allocated < 3L * MIB, "allocated " + allocated + " bytes for a 1 MiB limit");
        }
        assertThrows(IllegalStateException.class, () -> p.feed(chunk), "no input after a limit was exceeded");
    }

    @Test
    @DisplayName("[KIT-005] data of exactly maxEventSize bytes (values plus LFs) is accepted; one byte more is refused")
    void eventSizeBoundary() {
        ParserLimits limits = ParserLimits.of(100, 10);
        Recorder ok = Recorder.run(limits, List.of(utf8("data: 1234567\ndata:\ndata:\n\n")));
        assertEquals(List.of("1234567\n\n"), ok.data(), "7 + 1 + 1 + 1 = 10 bytes");
        EventStreamParser p = new EventStreamParser(new Recorder(), limits);
        p.feed(utf8("data: 1234567\ndata:\ndata:\n"));
        assertLimit("maxEventSize", 10, assertThrows(LimitExceededException.class, () -> p.feed(utf8("data:\n"))));
    }

    @Test
    @DisplayName("[KIT-005,PARSE-027] the event size counts one event: the data buffer empties at each dispatch")
    void eventSizeIsPerEvent() {
        ParserLimits limits = ParserLimits.of(100, 10);
        String event = "data: 123456789\n\n";
        Recorder r = Recorder.run(limits, List.of(utf8(event.repeat(50))));
        assertEquals(50, r.events.size());
    }

    @Test
    @DisplayName("[KIT-005] many lines under the line limit still hit the event limit")
    void manyLinesHitEventLimit() {
        EventStreamParser p = new EventStreamParser(new Recorder());
        byte[] line = utf8("data: " + "x".repeat(MIB - 10) + "\n");
        LimitExceededException e = assertThrows(LimitExceededException.class, () -> {
            for (int i = 0; i < 20; i++) {
                p.feed(line);
            }
        });
        assertLimit("maxEventSize", 8 * MIB, e);
    }

    /** Bytes this thread has allocated so far, or -1 where the JVM cannot tell. */
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }
}
