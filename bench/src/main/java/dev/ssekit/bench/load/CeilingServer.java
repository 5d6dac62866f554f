package dev.ssekit.bench.load;

import dev.ssekit.protocol.EventStreamEncoder;
import dev.ssekit.protocol.OutgoingEvent;
import dev.ssekit.server.SseCore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ceiling: a minimal NIO SSE server written only for the bench. One selector thread. Each published event is
 * encoded once, by the publisher, and appended to one shared log of byte segments; every subscriber is a position
 * in that log, and whatever lies between its position and the end is sent in one gathering write of slices of the
 * shared segments. A subscriber that falls more than {@code backlogBytes} behind is dropped. It serves
 * {@code GET /api/feed} and {@code GET /api/sse} (the tutorial document, pre-encoded once, at read speed); no
 * heartbeats, no replay, no CORS: the least a server can do.
 */
final class CeilingServer implements BenchSubject {

    private static final int SEGMENT = 256 * 1024;
    private static final byte[] FEED_HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            + "Cache-Control: no-cache\r\nConnection: close\r\n\r\nretry: 1000\n\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_FOUND = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread thread;
    private final int backlogBytes;
    private final byte[] doc;
    private final ConcurrentLinkedQueue<byte[]> published = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final AtomicInteger active = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running = true;

    // selector thread only
    private final List<Conn> subs = new ArrayList<>();
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private long logEnd;
    private final ByteBuffer readBuf = ByteBuffer.allocate(4096);
    private final ByteBuffer[] gather = new ByteBuffer[64];

    private static final class Segment {
        final long base;
        final byte[] bytes;
        int fill;

        Segment(long base, int size) {
            this.base = base;
            this.bytes = new byte[size];
        }
    }

    private static final class Conn {
        final SocketChannel ch;
        SelectionKey key;
        int idx = -1;
        byte[] request = new byte[0];
        long pos;
        boolean blocked;
        ByteBuffer doc;

        Conn(SocketChannel ch) {
            this.ch = ch;
        }
    }

    CeilingServer(String host, int backlogBytes) throws IOException {
        this.backlogBytes = backlogBytes;
        this.doc = encodeDocument();
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(host, 0), 10_000);
        server.configureBlocking(false);
        selector = Selector.open();
        server.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::loop, "ceiling-server");
        thread.setDaemon(true);
        thread.start();
    }

    private static byte[] encodeDocument() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String headers = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                + "Connection: close\r\n\r\n";
        out.writeBytes(headers.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("retry: 1000\n\n".getBytes(StandardCharsets.US_ASCII));
        int[] cps = SseCore.documentText("tutorial").codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            String piece = new String(cps, i, 1);
            String data = piece.equals(" ") ? "  " : piece;
            byte[] enc = EventStreamEncoder.encode(OutgoingEvent.data(data).withId(Integer.toString(i + 1)).withEvent("lol"));
            out.writeBytes(enc);
        }
        out.writeBytes(("id: " + (cps.length + 1) + "\nevent: done\ndata:\n\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Override
    public String name() {
        return Subjects.CEILING;
    }


    @Override
    public int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public boolean supports(String scenario) {
        return true;
    }

    /** Encodes once, on the publisher's thread; the selector thread appends it to the shared log. */
    @Override
    public void publish(String data) {
        published.add(EventStreamEncoder.encode(OutgoingEvent.data(data)));
        if (wakePending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    @Override
    public int activeStreams() {
        return active.get();
    }

    @Override
    public java.util.Map<String, Object> serverStats() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("activeStreams", active.get());
        m.put("slowClientsDropped", dropped.get());
        return m;
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        try {
            while (running) {
                selector.select(50);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (!k.isValid()) {
                        continue;
                    }
                    if (k.isAcceptable()) {
                        accept();
                        continue;
                    }
                    Conn c = (Conn) k.attachment();
                    try {
                        if (k.isReadable()) {
                            read(c);
                        }
                        if (k.isValid() && k.isWritable()) {
                            if (c.doc != null) {
                                writeDoc(c);
                            } else {
                                c.blocked = false;
                                k.interestOps(SelectionKey.OP_READ);
                                flush(c);
                            }
                        }
                    } catch (IOException e) {
                        close(c);
                    }
                }
                wakePending.set(false);
                if (drainPublished()) {
                    flushAll();
                }
            }
        } catch (IOException e) {
            // selector broken
        } finally {
            for (SelectionKey k : selector.keys()) {
                try {
                    k.channel().close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            try {
                selector.close();
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void accept() throws IOException {
        for (int i = 0; i < 256; i++) {
            SocketChannel ch = server.accept();
            if (ch == null) {
                return;
            }
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Conn c = new Conn(ch);
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
        }
    }

    private void read(Conn c) throws IOException {
        readBuf.clear();
        int n = c.ch.read(readBuf);
        if (n < 0) {
            close(c);
            return;
        }
        if (c.request == null || n == 0) {
            return; // subscribers send nothing more; ignore
        }
        byte[] req = java.util.Arrays.copyOf(c.request, c.request.length + n);
        System.arraycopy(readBuf.array(), 0, req, c.request.length, n);
        c.request = req;
        String text = new String(req, StandardCharsets.ISO_8859_1);
        if (!text.contains("\r\n\r\n")) {
            if (req.length > 8192) {
                close(c);
            }
            return;
        }
        c.request = null;
        String target = text.substring(0, text.indexOf('\r')).split(" ")[1];
        active.incrementAndGet();
        if (target.startsWith("/api/feed")) {
            c.ch.write(ByteBuffer.wrap(FEED_HEAD));
            c.pos = logEnd;
            c.idx = subs.size();
            subs.add(c);
        } else if (target.startsWith("/api/sse")) {
            c.doc = ByteBuffer.wrap(doc);
            writeDoc(c);
        } else {
            c.ch.write(ByteBuffer.wrap(NOT_FOUND));
            close(c);
        }
    }

    private void writeDoc(Conn c) throws IOException {
        c.ch.write(c.doc);
        if (c.doc.hasRemaining()) {
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            close(c);
        }
    }

    private boolean drainPublished() {
        boolean any = false;
        byte[] e;
        while ((e = published.poll()) != null) {
            Segment last = segments.peekLast();
            if (last == null || last.bytes.length - last.fill < e.length) {
                last = new Segment(logEnd, Math.max(SEGMENT, e.length));
                segments.add(last);
            }
            System.arraycopy(e, 0, last.bytes, last.fill, e.length);
            last.fill += e.length;
            logEnd += e.length;
            any = true;
        }
        return any;
    }

    private void flushAll() {
        long min = logEnd;
        for (int i = subs.size() - 1; i >= 0; i--) {
            Conn c = subs.get(i);
            if (!c.blocked) {
                flush(c);
            }
            if (c.idx >= 0 && c.pos < min) {
                min = c.pos;
            }
        }
        // drop segments every subscriber has passed (keep the newest for appending)
        while (segments.size() > 1 && segments.peekFirst().base + segments.peekFirst().fill <= min) {
            segments.pollFirst();
        }
    }

    /** One gathering write of everything between the subscriber's position and the end of the log. */
    private void flush(Conn c) {
        if (c.pos >= logEnd || c.idx < 0) {
            return;
        }
        if (logEnd - c.pos > backlogBytes) {
            dropped.incrementAndGet();
            close(c); // too slow: dropped
            return;
        }
        int n = 0;
        for (Segment s : segments) {
            long end = s.base + s.fill;
            if (end <= c.pos) {
                continue;
            }
            int from = (int) Math.max(0, c.pos - s.base);
            gather[n++] = ByteBuffer.wrap(s.bytes, from, s.fill - from);
            if (n == gather.length) {
                break;
            }
        }
        try {
            long w = c.ch.write(gather, 0, n);
            c.pos += w;
            if (c.pos < logEnd) {
                c.blocked = true;
                c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        } catch (IOException e) {
            close(c);
        } finally {
            java.util.Arrays.fill(gather, 0, n, null);
        }
    }

    private void close(Conn c) {
        if (c.key != null && !c.key.isValid() && !c.ch.isOpen()) {
            return;
        }
        if (c.request == null) {
            active.decrementAndGet();
            c.request = new byte[0]; // counted once
        }
        if (c.idx >= 0) {
            Conn last = subs.remove(subs.size() - 1);
            if (last != c) {
                subs.set(c.idx, last);
                last.idx = c.idx;
            }
            c.idx = -1;
        }
        c.key.cancel();
        try {
            c.ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
