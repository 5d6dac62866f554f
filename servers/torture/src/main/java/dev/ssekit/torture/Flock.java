package dev.ssekit.torture;

import dev.ssekit.conformance.http.MalformedResponseException;
import dev.ssekit.conformance.http.ResponseDecoder;
import dev.ssekit.conformance.http.ResponseHead;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Many client connections of one scenario on one selector: each sends its bytes once, then is read only when the
 * scenario asks (never, up to the head, or to the end). Connect failures are counted, and the runner's own limits
 * (out of descriptors or local ports) are told apart from the server's answer.
 */
final class Flock implements Closeable {

    /** One connection. */
    static final class Member {
        final SocketChannel channel;
        final long openedAtMs;
        final ResponseDecoder decoder;
        SelectionKey key;
        ResponseHead head;
        long bytesRead;
        long closedAtMs = -1;
        /** When a write of the client's failed: the server had closed its side (its kernel reset the connection). */
        long writeFailedAtMs = -1;
        String reset;
        String malformed;

        Member(SocketChannel channel, long openedAtMs) {
            this.channel = channel;
            this.openedAtMs = openedAtMs;
            this.decoder = new ResponseDecoder(new ResponseDecoder.Listener() {
                @Override
                public void onHead(ResponseHead h) {
                    if (head == null) {
                        head = h;
                    }
                }
            });
        }

        boolean closed() {
            return closedAtMs >= 0;
        }
    }

    private final Selector selector;
    private final long t0 = System.nanoTime();
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    final List<Member> members = new ArrayList<>();
    int connectFailures;
    String firstConnectFailure;
    /** The runner itself ran out of descriptors or local ports: what follows says nothing about the server. */
    String ownLimit;

    Flock() throws IOException {
        selector = Selector.open();
    }

    long ms() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Connects and sends {@code send}; null when the connection failed (counted). */
    Member open(String host, int port, int connectTimeoutMs, int receiveBuffer, byte[] send) {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            if (receiveBuffer > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
            }
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.socket().connect(new InetSocketAddress(host, port), connectTimeoutMs);
            ch.configureBlocking(false);
            ByteBuffer out = ByteBuffer.wrap(send);
            long until = System.nanoTime() + connectTimeoutMs * 1_000_000L;
            while (out.hasRemaining() && System.nanoTime() < until) {
                if (ch.write(out) == 0) {
                    Thread.onSpinWait();
                }
            }
            Member m = new Member(ch, ms());
            m.key = ch.register(selector, 0, m);
            members.add(m);
            return m;
        } catch (IOException e) {
            String msg = RawConnection.message(e);
            if (msg.contains("Too many open files") || msg.contains("Cannot assign requested address")) {
                ownLimit = msg;
            }
            connectFailures++;
            if (firstConnectFailure == null) {
                firstConnectFailure = "connection " + (members.size() + connectFailures) + ": " + msg;
            }
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
            return null;
        }
    }

    /**
     * Reads the members {@code wants} selects (and not yet closed) until {@code done} holds or the deadline passes.
     * A member stops being read once {@code wants} no longer holds for it.
     */
    void read(long deadlineNanos, BooleanSupplier done, Predicate<Member> wants) {
        for (Member m : members) {
            if (m.key.isValid()) {
                m.key.interestOps(!m.closed() && wants.test(m) ? SelectionKey.OP_READ : 0);
            }
        }
        while (!done.getAsBoolean()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                selector.select(Math.max(1, left / 1_000_000));
            } catch (IOException e) {
                throw new IllegalStateException("the runner's selector failed: " + e, e);
            }
            for (SelectionKey k : selector.selectedKeys()) {
                Member m = (Member) k.attachment();
                readAvailable(m);
                if (m.closed()) {
                    k.cancel();
                } else if (!wants.test(m)) {
                    k.interestOps(0);
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private void readAvailable(Member m) {
        while (!m.closed()) {
            buf.clear();
            int n;
            try {
                n = m.channel.read(buf);
            } catch (IOException e) {
                m.reset = RawConnection.message(e);
                m.closedAtMs = ms();
                return;
            }
            if (n < 0) {
                m.closedAtMs = ms();
                return;
            }
            if (n == 0) {
                return;
            }
            m.bytesRead += n;
            if (m.malformed == null) {
                try {
                    int off = 0;
                    while (off < n) {
                        off += m.decoder.feed(buf.array(), off, n - off);
                    }
                } catch (MalformedResponseException e) {
                    m.malformed = e.getMessage();
                }
            }
        }
    }

    /**
     * Writes CRLF to every member whose writes have not failed yet, every {@code sliceMs}, without reading, until each
     * one's write has failed or the deadline passes; returns how many failed. A write fails once the server has closed
     * its side of the connection (its kernel resets a closed socket that is sent data), while one the server keeps open
     * takes the bytes. Empty lines are what an HTTP server skips before a request line (RFC 9112 2.2), so the probe
     * never starts a request.
     */
    int probeClosed(long deadlineNanos, long sliceMs) {
        ByteBuffer crlf = ByteBuffer.allocate(2);
        while (true) {
            int failed = 0;
            for (Member m : members) {
                if (m.writeFailedAtMs < 0 && m.channel.isOpen()) {
                    crlf.clear().put((byte) '\r').put((byte) '\n').flip();
                    try {
                        m.channel.write(crlf);
                    } catch (IOException e) {
                        m.writeFailedAtMs = ms();
                    }
                }
                if (m.writeFailedAtMs >= 0) {
                    failed++;
                }
            }
            if (failed == members.size() || System.nanoTime() >= deadlineNanos) {
                return failed;
            }
            Memory.sleep(sliceMs);
        }
    }

    /** Sets SO_RCVBUF on every open member (a larger window after connect; the initial window scale stays). */
    void setReceiveBuffer(int bytes) {
        for (Member m : members) {
            if (!m.closed() && m.channel.isOpen()) {
                try {
                    m.channel.setOption(StandardSocketOptions.SO_RCVBUF, bytes);
                } catch (IOException ignored) {
                    // it keeps the window it has
                }
            }
        }
    }

    int closedCount() {
        return (int) members.stream().filter(Member::closed).count();
    }

    /** Closes every connection: with a reset when {@code abort}, as clients that go away do. */
    void closeAll(boolean abort) {
        for (Member m : members) {
            try {
                if (abort && m.channel.isOpen()) {
                    m.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                m.channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    @Override
    public void close() {
        closeAll(true);
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
