package dev.ssekit.server;

import dev.ssekit.protocol.EventStreamListener;
import dev.ssekit.protocol.EventStreamParser;
import dev.ssekit.protocol.ParsedEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A recording {@link Transport} that plays the adapter's part without a socket.
 *
 * <p>In auto mode it behaves like an adapter whose client reads at once: every wake-up polls, "writes" and reports
 * the drain on the calling thread (which also exercises the core's re-entrancy). In manual mode nothing is written
 * until the test calls {@link #write()} and {@link #drained()} (or {@link #drain()}), so a test can play a client
 * that stops reading. Calls that arrive before {@code open} returns (the core may wake, end or abort from inside
 * it) are held until the stream is attached, as an adapter must.
 */
final class FakeTransport implements Transport {

    final boolean auto;
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final List<ByteBuffer> polled = new ArrayList<>();
    SseStream stream;
    int wakeUps;
    int polls;
    boolean endCalled;
    boolean abortCalled;
    boolean closedReported;
    boolean finished; // the response completed after end()
    private boolean inFlight;
    private int depth;
    int maxDepth;

    FakeTransport(boolean auto) {
        this.auto = auto;
    }

    static FakeTransport open(SseResponse response, boolean auto) {
        if (!(response instanceof SseResponse.Stream s)) {
            throw new AssertionError("expected a stream, got " + response.status() + " "
                    + (response instanceof SseResponse.Full f ? new String(f.body(), StandardCharsets.UTF_8) : ""));
        }
        FakeTransport t = new FakeTransport(auto);
        SseStream stream = s.open(t);
        t.attach(stream);
        return t;
    }

    private void attach(SseStream s) {
        stream = s;
        if (abortCalled) {
            gone();
        } else if (auto && (wakeUps > 0 || endCalled)) {
            drain();
        }
    }

    @Override
    public void wakeUp() {
        wakeUps++;
        if (auto && stream != null) {
            drain();
        }
    }

    @Override
    public void end() {
        if (endCalled) {
            throw new AssertionError("end() called twice");
        }
        endCalled = true;
        if (auto && stream != null) {
            drain();
        }
    }

    @Override
    public void abort() {
        if (abortCalled) {
            throw new AssertionError("abort() called twice");
        }
        abortCalled = true;
        if (stream != null) {
            gone();
        }
    }

    /** Polls once and "writes" everything; returns the number of buffers. */
    int write() {
        if (abortCalled || finished) {
            return 0;
        }
        ByteBuffer[] bufs = stream.outbox().poll();
        polls++;
        for (ByteBuffer b : bufs) {
            polled.add(b);
            ByteBuffer view = b.duplicate();
            byte[] bytes = new byte[view.remaining()];
            view.get(bytes);
            written.writeBytes(bytes);
        }
        if (bufs.length > 0) {
            inFlight = true;
        }
        return bufs.length;
    }

    /** Reports the last write done, as an adapter does once the channel is writable again. */
    void drained() {
        if (inFlight && !abortCalled) {
            inFlight = false;
            stream.onDrained();
        }
    }

    /** Write and drained until nothing is left; completes the response after end(). */
    void drain() {
        depth++;
        maxDepth = Math.max(maxDepth, depth);
        try {
            while (!abortCalled && !finished) {
                int n = write();
                if (n > 0) {
                    drained();
                }
                if (n == 0 || !auto) {
                    break;
                }
            }
            if (endCalled && !abortCalled && !finished && stream.outbox().queuedBytes() == 0 && !inFlight) {
                finished = true;
                gone();
            }
        } finally {
            depth--;
        }
    }

    /** The client goes away (or the connection is closed): the adapter reports it once. */
    void gone() {
        if (!closedReported) {
            closedReported = true;
            stream.onClosed();
        }
    }

    String text() {
        return written.toString(StandardCharsets.UTF_8);
    }

    Transcript transcript() {
        return Transcript.of(written.toByteArray());
    }

    /** What a browser's parser makes of the bytes. */
    record Transcript(List<ParsedEvent> events, List<String> comments, long retry) {

        static Transcript of(byte[] bytes) {
            List<ParsedEvent> events = new ArrayList<>();
            List<String> comments = new ArrayList<>();
            EventStreamParser p = new EventStreamParser(new EventStreamListener() {
                @Override
                public void onEvent(ParsedEvent e) {
                    events.add(e);
                }

                @Override
                public void onComment(String text) {
                    comments.add(text);
                }
            });
            p.feed(bytes);
            long retry = p.reconnectionTime();
            p.end();
            return new Transcript(events, comments, retry);
        }

        String data(String type) {
            StringBuilder b = new StringBuilder();
            for (ParsedEvent e : events) {
                if (e.type().equals(type)) {
                    b.append(e.data());
                }
            }
            return b.toString();
        }

        List<String> ids() {
            return events.stream().map(ParsedEvent::lastEventId).toList();
        }
    }
}
