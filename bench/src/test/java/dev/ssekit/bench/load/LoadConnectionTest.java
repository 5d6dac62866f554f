package dev.ssekit.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.conformance.http.MalformedResponseException;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How a load connection reads its response and how it says the response ended, fed bytes directly (no server): the
 * framing is the kit's response decoder, the ends are what the scenarios count.
 */
class LoadConnectionTest {

    /** Records what a connection reports. */
    private static final class Ends implements LoadConnection.Owner {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onEstablished() {
            seen.add("established");
        }

        @Override
        public void onFailed() {
            seen.add("failed");
        }

        @Override
        public void onCompleted() {
            seen.add("completed");
        }

        @Override
        public void onLost() {
            seen.add("lost");
        }

        @Override
        public void onClosed(LoadConnection c) {
            seen.add("closed");
        }
    }

    private final Ends ends = new Ends();
    private final Latency latency = new Latency();

    private LoadConnection connection(boolean persistent) throws IOException {
        LoadConnection c = new LoadConnection(SocketChannel.open(), LoadConnection.request("/api/feed", "127.0.0.1", 1), 0,
                ends, latency);
        c.persistent = persistent;
        return c;
    }

    /** Feeds {@code text} one byte at a time: the framing must not depend on how reads split it. */
    private static void feedBytewise(LoadConnection c, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length && !c.closed; i++) {
            c.consume(b, i, 1);
        }
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    @Test
    @DisplayName("[API-013,AUTH-001] a chunked stream is read event by event whatever the reads, and its last chunk completes it")
    void chunkedStreamCompletes() throws IOException {
        LoadConnection c = connection(false);
        long now = System.nanoTime();
        feedBytewise(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/event-stream\r\n\r\n"
                + chunk("retry: 1000\n\n") + chunk("data: " + now + "\n\nda") + chunk("ta: x\n") + chunk("\n") + "0\r\n\r\n");
        assertEquals(List.of("established", "completed", "closed"), ends.seen);
        assertEquals(2, c.eventCount, "two events, the first split across chunks");
        assertEquals(2, latency.events());
        assertEquals(1, latency.takePublishToReceive().getTotalCount(), "the event carrying a nanoTime is timed");
        assertEquals(1, latency.takeFirstEvent().getTotalCount());
    }

    @Test
    @DisplayName("[API-018] a chunked stream cut before its last chunk is lost, not completed")
    void cutChunkedStreamIsLost() throws IOException {
        LoadConnection c = connection(false);
        feedBytewise(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7\r\ndata: a");
        c.endOfInput();
        assertEquals(List.of("established", "lost", "closed"), ends.seen);
    }

    @Test
    @DisplayName("[API-013] a close-delimited document completes at the close; a feed subscription that ends is lost")
    void closeDelimited() throws IOException {
        LoadConnection doc = connection(false);
        feedBytewise(doc, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\ndata: a\n\n");
        doc.endOfInput();
        assertEquals(List.of("established", "completed", "closed"), ends.seen);
        assertEquals(1, doc.eventCount);

        ends.seen.clear();
        LoadConnection feed = connection(true);
        feedBytewise(feed, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\ndata: a\n\n");
        feed.endOfInput();
        assertEquals(List.of("established", "lost", "closed"), ends.seen);
    }

    @Test
    @DisplayName("[API-001] a status other than 200, no head at all, or half a head count as failed, never established")
    void failures() throws IOException {
        LoadConnection refused = connection(true);
        feedBytewise(refused, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy");
        assertEquals(List.of("failed", "closed"), ends.seen);

        ends.seen.clear();
        connection(true).endOfInput();
        assertEquals(List.of("failed", "closed"), ends.seen);

        ends.seen.clear();
        LoadConnection half = connection(true);
        feedBytewise(half, "HTTP/1.1 200 OK\r\nContent-Ty");
        half.endOfInput();
        assertEquals(List.of("failed", "closed"), ends.seen);
    }

    @Test
    @DisplayName("[AUTH-001] broken chunk framing is refused by the decoder, so the client counts the stream as lost")
    void brokenFramingThrows() throws IOException {
        LoadConnection c = connection(true);
        feedBytewise(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        byte[] bad = "zz\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThrows(MalformedResponseException.class, () -> c.consume(bad, 0, bad.length));
        assertTrue(c.headDone(), "the client's loop counts a failure after the head as lost");
    }

    @Test
    @DisplayName("[API-019] only data that is a decimal nanoTime (6 to 20 digits) is timed")
    void publishedAt() {
        assertEquals(123456, Latency.publishedAt("123456"));
        assertEquals(-1, Latency.publishedAt("12345"));
        assertEquals(-1, Latency.publishedAt("123456789012345678901"));
        assertEquals(-1, Latency.publishedAt("12345a"));
        assertEquals(-1, Latency.publishedAt("churn-probe"));
    }
}
