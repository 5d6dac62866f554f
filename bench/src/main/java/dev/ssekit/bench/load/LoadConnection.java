package dev.ssekit.bench.load;

import dev.ssekit.conformance.http.ResponseDecoder;
import dev.ssekit.conformance.http.ResponseHead;
import dev.ssekit.protocol.EventStreamParser;
import dev.ssekit.protocol.ParsedEvent;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One connection of the {@link LoadClient}: it sends one {@code GET} and reads the answer through a
 * {@link ResponseDecoder} (status, head, then the body with its framing undone: chunked on Vert.x, close-delimited on
 * Undertow, Content-Length anywhere), feeding the body to its own {@link EventStreamParser}. How it ends is told to
 * its {@link Owner}: established, failed (no 200 head), completed (the response ended as framed), or lost (cut, or a
 * subscription that should never end). Selector thread only.
 */
final class LoadConnection implements ResponseDecoder.Listener {

    /** What a connection reports to the client that drives it. */
    interface Owner {
        void onEstablished();

        void onFailed();

        void onCompleted();

        void onLost();

        /** The connection is closed. */
        void onClosed(LoadConnection c);
    }

    final SocketChannel channel;
    final ByteBuffer request;
    final long startNanos = System.nanoTime();
    /** How long after its head a churn connection is aborted. */
    final long holdNanos;
    SelectionKey key;
    /** Its place in the client's list, for removal in O(1). */
    int index = -1;
    boolean churn;
    /** Opened to stay open: any end is a loss. */
    boolean persistent;
    boolean closed;
    /** Counted as established once its request is written (see {@link LoadClient#openCountedOnRequest}). */
    boolean establishedOnRequest;
    private boolean counted;
    /** When its 200 head arrived; 0 before. */
    long headNanos;
    long eventCount;

    private final Owner owner;
    private final Latency latency;
    private final ResponseDecoder decoder = new ResponseDecoder(this);
    private EventStreamParser parser;
    private boolean inputEnded;

    LoadConnection(SocketChannel channel, byte[] request, long holdNanos, Owner owner, Latency latency) {
        this.channel = channel;
        this.request = ByteBuffer.wrap(request);
        this.holdNanos = holdNanos;
        this.owner = owner;
        this.latency = latency;
    }

    /** The request every connection sends. */
    static byte[] request(String path, String host, int port) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The whole request is written. */
    void requestWritten() {
        if (establishedOnRequest && !counted) {
            counted = true;
            owner.onEstablished();
        }
    }

    /** Whether its head has arrived. */
    boolean headDone() {
        return headNanos != 0;
    }

    /** Bytes read from the socket; malformed framing throws. */
    void consume(byte[] b, int off, int len) {
        int done = 0;
        while (done < len && !closed) {
            done += decoder.feed(b, off + done, len - done);
        }
    }

    /** The server closed the connection. */
    void endOfInput() {
        inputEnded = true;
        switch (decoder.endOfInput()) {
            case IDLE, CUT_IN_HEAD -> {
                owner.onFailed();
                close(true);
            }
            case CUT_IN_BODY -> {
                owner.onLost(); // ended before the framing said so
                close(true);
            }
            case COMPLETED -> {
                // a close-delimited body: onComplete ran
            }
        }
    }

    @Override
    public void onHead(ResponseHead head) {
        if (head.status() != 200) {
            owner.onFailed();
            close(false);
            return;
        }
        headNanos = System.nanoTime();
        if (!counted) {
            counted = true;
            owner.onEstablished();
        }
        parser = new EventStreamParser(this::onEvent);
    }

    @Override
    public void onBody(byte[] b, int off, int len) {
        if (parser != null) {
            parser.feed(b, off, len);
        }
    }

    @Override
    public void onComplete(ResponseHead head) {
        if (closed) {
            return;
        }
        if (inputEnded && persistent) {
            owner.onLost(); // a subscription that should not end
            close(true);
            return;
        }
        parser.end();
        owner.onCompleted();
        close(false);
    }

    private void onEvent(ParsedEvent e) {
        long now = System.nanoTime();
        if (eventCount++ == 0) {
            latency.firstEvent(now - startNanos);
        }
        latency.event(e.data(), now);
    }

    /** Closes the connection; {@code abort} resets it (SO_LINGER 0) instead of closing it gracefully. */
    void close(boolean abort) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (key != null) {
                key.cancel();
            }
            if (abort) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        owner.onClosed(this);
    }
}
