package dev.ssekit.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An adapter stand-in with its own I/O thread: every call hops to it, as on a real server, so the core is driven
 * from several threads at once. Ends and aborts report {@code onClosed} from that thread.
 */
final class ThreadedTransport implements Transport {

    private final ExecutorService io = Executors.newSingleThreadExecutor();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final CountDownLatch closed = new CountDownLatch(1);
    private volatile SseStream stream;
    private boolean gone; // I/O thread only
    private boolean ending; // I/O thread only

    static ThreadedTransport open(SseResponse response) {
        ThreadedTransport t = new ThreadedTransport();
        SseStream s = ((SseResponse.Stream) response).open(t);
        t.hop(() -> t.stream = s);
        t.wakeUp();
        return t;
    }

    /** Runs on the I/O thread; after {@link #settle()} the connection is gone and calls are dropped. */
    private void hop(Runnable r) {
        try {
            io.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // settled: nothing more to do
        }
    }

    @Override
    public void wakeUp() {
        hop(this::drain);
    }

    @Override
    public void end() {
        hop(() -> {
            ending = true;
            drain();
        });
    }

    @Override
    public void abort() {
        hop(this::gone);
    }

    /** The client goes away. */
    void disconnect() {
        hop(this::gone);
    }

    private void drain() {
        SseStream s = stream;
        if (s == null || gone) {
            return;
        }
        ByteBuffer[] bufs = s.outbox().poll();
        for (ByteBuffer b : bufs) {
            byte[] a = new byte[b.remaining()];
            b.get(a);
            out.writeBytes(a);
        }
        if (bufs.length > 0) {
            s.onDrained();
        }
        if (ending && s.outbox().queuedBytes() == 0) {
            gone();
        }
    }

    private void gone() {
        if (!gone && stream != null) {
            gone = true;
            stream.onClosed();
            closed.countDown();
        }
    }

    /**
     * Waits until every call so far has run on the I/O thread and the stream has nothing left to poll (a drain may
     * wake the next one), then stops it; returns the bytes written.
     */
    byte[] settle() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            CountDownLatch l = new CountDownLatch(1);
            boolean[] empty = new boolean[1];
            io.execute(() -> {
                SseStream s = stream;
                empty[0] = gone || s == null || s.outbox().queuedBytes() == 0;
                l.countDown();
            });
            if (!l.await(30, TimeUnit.SECONDS) || System.nanoTime() > end) {
                throw new AssertionError("I/O thread stuck, or the stream kept bytes it was never woken for");
            }
            if (empty[0]) {
                break;
            }
        }
        io.shutdown();
        return out.toByteArray();
    }
}
