package dev.ssekit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The parser copies data it saw to be ASCII while scanning for the line end straight into a Latin-1 String. These
 * put one non-ASCII sequence at every position of data lines of every length up to 40 bytes (so it lands in the
 * scan's 16-byte steps, its 8-byte steps and its byte-by-byte tail), and cut the stream at every offset.
 */
class AsciiFastPathTest {

    private static final String FILL = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH";

    private static List<String> data(byte[] body, int split) {
        Recorder r = new Recorder();
        EventStreamParser p = new EventStreamParser(r);
        p.feed(Arrays.copyOfRange(body, 0, split));
        p.feed(Arrays.copyOfRange(body, split, body.length));
        p.end();
        return r.data();
    }

    /** Every split of {@code body} gives {@code expected}. */
    private static void check(byte[] body, List<String> expected, String what) {
        for (int split = 0; split <= body.length; split++) {
            assertEquals(expected, data(body, split), what + ", split at " + split);
        }
    }

    @Test
    @DisplayName("[PARSE-001, PARSE-003] a non-ASCII sequence anywhere in a data line of any length decodes as UTF-8, wherever the chunks split")
    void nonAsciiAnywhereInDataLine() {
        String[][] sequences = {{"é", "é"}, {"\uD83D\uDE00", "\uD83D\uDE00"}};
        for (int len = 1; len <= 40; len++) {
            for (int at = 0; at < len; at++) {
                for (String[] s : sequences) {
                    String value = FILL.substring(0, at) + s[0] + FILL.substring(at, len - 1);
                    String expected = FILL.substring(0, at) + s[1] + FILL.substring(at, len - 1);
                    check(Recorder.utf8("data: " + value + "\n\n"), List.of(expected), "len " + len + " at " + at);
                }
                // A lone 0xFF is invalid UTF-8: one U+FFFD, never the Latin-1 'ÿ'.
                byte[] head = Recorder.utf8("data:" + FILL.substring(0, at));
                byte[] tail = Recorder.utf8(FILL.substring(at, len - 1) + "\r\n\r\n");
                check(Recorder.concat(head, Recorder.bytes(0xFF), tail),
                        List.of(FILL.substring(0, at) + "\uFFFD" + FILL.substring(at, len - 1)), "0xFF, len " + len + " at " + at);
            }
        }
    }

    @Test
    @DisplayName("[PARSE-017, PARSE-022] a non-ASCII sequence anywhere in an id of any length decodes as UTF-8, and the next ASCII id as ASCII")
    void nonAsciiAnywhereInId() {
        for (int len = 1; len <= 40; len++) {
            for (int at = 0; at < len; at++) {
                String id = FILL.substring(0, at) + "é" + FILL.substring(at, len - 1);
                String next = FILL.substring(0, len);
                byte[] body = Recorder.utf8("id: " + id + "\ndata: x\n\nid: " + next + "\ndata: y\n\n");
                for (int split = 0; split <= body.length; split++) {
                    Recorder r = new Recorder();
                    EventStreamParser p = new EventStreamParser(r);
                    p.feed(Arrays.copyOfRange(body, 0, split));
                    p.feed(Arrays.copyOfRange(body, split, body.length));
                    p.end();
                    assertEquals(List.of(id, next), r.events.stream().map(ParsedEvent::lastEventId).toList(),
                            "len " + len + " at " + at + ", split at " + split);
                }
            }
        }
    }

    @Test
    @DisplayName("[PARSE-016, PARSE-024] an event whose data lines mix ASCII and non-ASCII decodes every line as UTF-8")
    void mixedDataLines() {
        for (int len = 0; len <= 20; len++) {
            String ascii = FILL.substring(0, len);
            check(Recorder.utf8("data: " + ascii + "\ndata: é" + ascii + "\ndata: " + ascii + "\n\n"),
                    List.of(ascii + "\né" + ascii + "\n" + ascii), "ascii then é, len " + len);
            check(Recorder.utf8("data: " + ascii + "é\ndata: " + ascii + "\n\ndata: " + ascii + "\n\n"),
                    List.of(ascii + "é\n" + ascii, ascii), "é then ascii, len " + len);
        }
    }
}
