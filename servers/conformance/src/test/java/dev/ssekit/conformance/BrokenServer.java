package dev.ssekit.conformance;

import dev.ssekit.spec.ExpectedEvent;
import dev.ssekit.spec.StreamVector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The subject of the suite's self-test: a raw server on 127.0.0.1 that serves the contract where the checks look, and
 * breaks exactly one thing per run ({@link Defect}). It serves the probe stream ({@code /api/sse}: retry, ids, the
 * {@code done} event, resume with {@code Last-Event-ID}, 204 past the end, {@code interval}, {@code event},
 * {@code dropAfter}), heartbeats, {@code /api/stats}, and the {@code /api/feed} broadcast (publishing with the suite's
 * token, a replay ring, a bounded backlog per subscriber that drops a slow reader). {@link #replaying} instead
 * answers every request with the response a request vector expects, with one member of it wrong.
 */
final class BrokenServer implements AutoCloseable {

    /** What is broken; each names the one thing that differs from a server that passes. */
    enum Defect {
        NONE,
        /** Streams answer 201 Created. */
        WRONG_STATUS,
        /** Streams are {@code text/plain}. */
        WRONG_CONTENT_TYPE,
        /** Streams say {@code charset=iso-8859-1}. */
        WRONG_CHARSET,
        /** No Cache-Control on streams. */
        CACHEABLE,
        /** A comment line of 1 MiB and a byte after the {@code done} event. */
        OVERLONG_LINE,
        /** The {@code done} event's type carries a 0xFF byte. */
        INVALID_UTF8,
        /** Each stream's body is held back until the stream ends. */
        BUFFERS_UNTIL_END,
        /** No retry field. */
        NO_RETRY,
        /** No id fields. */
        NO_IDS,
        /** A resume starts at the event {@code Last-Event-ID} names instead of after it. */
        REPEATS_ON_RESUME,
        /** No comment lines on a quiet stream. */
        NO_HEARTBEAT,
        /** A reconnect past the end gets 200 and an empty stream instead of 204. */
        NO_204_AFTER_END,
        /** The first piece, "A", is sent as "B". */
        WRONG_PIECE,
        /** The newline piece is sent as {@code data:}, so e.data is "". */
        LOSES_NEWLINE,
        /** The lone space is sent as {@code data: }, so the one space is taken for the separator. */
        LOSES_LONE_SPACE,
        /** 😀 is sent as two pieces, one per surrogate, each written as U+FFFD. */
        SPLITS_SURROGATES,
        /** After the {@code done} event the response stays open. */
        NEVER_ENDS,
        /** With an interval, the first piece is written only together with the second. */
        HOLDS_FIRST_EVENT,
        /** A stream whose client goes away stays counted in {@code /api/stats}. */
        LEAKS_STREAMS,
        /** A feed subscriber's backlog has no bound, so a slow reader is never dropped. */
        NEVER_DROPS_SLOW_READER,
        /** A published event reaches every subscriber but the first. */
        SKIPS_FIRST_SUBSCRIBER,
        /** {@code /api/feed} ignores {@code Last-Event-ID}. */
        NO_REPLAY,
        /** The {@code event} parameter is written raw, so a CR or LF in it starts a field of its own. */
        RAW_EVENT_TYPE,
        /** No Access-Control-Allow-Origin on streams. */
        NO_CORS,
        /** Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true. */
        WILDCARD_WITH_CREDENTIALS,
        /** The pieces are sent without an event field, so their type is message, not lol. */
        TYPE_MESSAGE,
        /** The first piece is due one interval after the request, and the head is held back until it is written. */
        HOLDS_HEAD,
        /** A reconnect past the end gets 200 and the whole stream again, as a server that ignores Last-Event-ID does. */
        REPLAYS_AFTER_END,
        /** Each piece is sent as a JSON string ({@code data: "A"}), as a framework's JSON codec writes text. */
        JSON_DATA
    }

    static final List<String> PROBE = List.of("A", "\n", " ", "中", "\uD83D\uDE00", "\uD83D\uDC68", "\u200D", "\uD83D\uDC67");
    private static final long RETRY_MS = 1000;
    private static final int RING = 1024;

    private final Defect defect;
    private final SuiteSettings settings = SuiteSettings.STANDARD;
    private final RawServer raw;
    private final AtomicInteger activeStreams = new AtomicInteger();
    private final AtomicInteger scheduledTasks = new AtomicInteger();
    private final AtomicInteger slowClientsDropped = new AtomicInteger();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Published> ring = new ArrayDeque<>();
    private long lastId;

    private BrokenServer(Defect defect) throws IOException {
        this.defect = defect;
        this.raw = RawServer.handling("broken-" + defect, this::handle);
    }

    private BrokenServer(StreamVector vector, String brokenMember) throws IOException {
        this.defect = Defect.NONE;
        this.raw = RawServer.handling("replaying-" + vector.id(), (r, s, out) -> replay(vector, brokenMember, s, out));
    }

    /** The contract's server with {@code defect}. */
    static BrokenServer with(Defect defect) throws IOException {
        return new BrokenServer(defect);
    }

    /** Answers every request with what {@code vector} expects, {@code brokenMember} (of {@link #members}) wrong; null for none. */
    static BrokenServer replaying(StreamVector vector, String brokenMember) throws IOException {
        return new BrokenServer(vector, brokenMember);
    }

    Target target(String streamPath) {
        return raw.target(streamPath);
    }

    // --- the contract, with one defect

    private void handle(RawServer.Request r, Socket s, OutputStream out) throws IOException {
        switch (r.method() + " " + r.path()) {
            case "GET /api/sse" -> stream(r, out);
            case "GET /api/stats" -> full(out, "200 OK", "application/json", "{\"activeStreams\": " + activeStreams.get()
                    + ", \"scheduledTasks\": " + scheduledTasks.get() + ", \"feedSubscribers\": " + subscribers.size()
                    + ", \"slowClientsDropped\": " + slowClientsDropped.get() + "}");
            case "GET /api/feed" -> subscribe(r, s, out);
            case "POST /api/feed" -> publish(r, out);
            default -> full(out, "404 Not Found", "text/plain; charset=utf-8", "no " + r.path());
        }
    }

    private List<String> pieces() {
        List<String> p = new ArrayList<>(PROBE);
        if (defect == Defect.WRONG_PIECE) {
            p.set(0, "B");
        }
        if (defect == Defect.SPLITS_SURROGATES) {
            int at = p.indexOf("\uD83D\uDE00");
            p.set(at, "\uFFFD");
            p.add(at, "\uFFFD");
        }
        return p;
    }

    private void stream(RawServer.Request r, OutputStream socketOut) throws IOException {
        Map<String, String> q = r.query();
        long interval = Long.parseLong(q.getOrDefault("interval", "1000"));
        String type = q.getOrDefault("event", "lol");
        if (defect != Defect.RAW_EVENT_TYPE && !type.matches("[A-Za-z0-9_.:-]{1,64}")) {
            byte[] why = "event: 1 to 64 characters of A-Z a-z 0-9 _ . : -\n".getBytes(StandardCharsets.US_ASCII);
            socketOut.write(("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                    + why.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socketOut.write(why);
            return;
        }
        int dropAfter = Integer.parseInt(q.getOrDefault("dropAfter", "0"));
        List<String> pieces = pieces();
        int from = 0;
        String lei = r.header("Last-Event-ID");
        if (lei != null) {
            long id = Long.parseLong(lei);
            if (id > pieces.size() && defect != Defect.NO_204_AFTER_END && defect != Defect.REPLAYS_AFTER_END) {
                socketOut.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            from = defect == Defect.REPLAYS_AFTER_END && id > pieces.size() ? 0 : (int) Math.min(id, pieces.size() + 1);
            if (defect == Defect.REPEATS_ON_RESUME && from > 0) {
                from--;
            }
        }
        Out out = new Out(socketOut, defect == Defect.BUFFERS_UNTIL_END);
        if (defect == Defect.HOLDS_HEAD) {
            // as the tutorial's setInterval: nothing is written before the first tick, and the head goes with it
            sleep(interval);
            out.text(streamHead());
        } else {
            out.head(streamHead());
        }
        activeStreams.incrementAndGet();
        scheduledTasks.incrementAndGet();
        boolean clientLeft = true;
        try {
            if (defect != Defect.NO_RETRY) {
                out.text("retry: " + RETRY_MS + "\n\n");
            }
            out.flush();
            int sent = 0;
            byte[] held = null;
            for (int i = from; i < pieces.size(); i++) {
                if (dropAfter > 0 && sent == dropAfter) {
                    out.finish();
                    clientLeft = false;
                    return;
                }
                if (sent > 0) {
                    quiet(out, interval);
                }
                byte[] e = event(i + 1, type, pieces.get(i));
                if (held != null) {
                    out.write(held);
                    held = null;
                }
                if (defect == Defect.HOLDS_FIRST_EVENT && interval > 0 && sent == 0 && i + 1 < pieces.size()) {
                    held = e;
                } else {
                    out.write(e);
                    out.flush();
                }
                sent++;
            }
            if (from <= pieces.size()) {
                if (sent > 0) {
                    quiet(out, interval);
                }
                out.write(event(pieces.size() + 1, "done", ""));
            }
            if (defect == Defect.OVERLONG_LINE) {
                out.text(": " + "x".repeat((1 << 20) + 1) + "\n");
            }
            out.flush();
            if (defect == Defect.NEVER_ENDS) {
                while (true) {
                    quiet(out, settings.heartbeatMs());
                }
            }
            out.finish();
            clientLeft = false;
        } finally {
            if (!clientLeft || defect != Defect.LEAKS_STREAMS) {
                activeStreams.decrementAndGet();
            }
            scheduledTasks.decrementAndGet();
        }
    }

    private String streamHead() {
        String status = defect == Defect.WRONG_STATUS ? "201 Created" : "200 OK";
        String type = switch (defect) {
            case WRONG_CONTENT_TYPE -> "text/plain; charset=utf-8";
            case WRONG_CHARSET -> "text/event-stream; charset=iso-8859-1";
            default -> "text/event-stream; charset=utf-8";
        };
        String cors = switch (defect) {
            case NO_CORS -> "";
            case WILDCARD_WITH_CREDENTIALS -> "Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Credentials: true\r\n";
            default -> "Access-Control-Allow-Origin: *\r\n";
        };
        return "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\n" + cors
                + (defect == Defect.CACHEABLE ? "" : "Cache-Control: no-store\r\n") + "X-Accel-Buffering: no\r\nConnection: close\r\n\r\n";
    }

    private byte[] event(long id, String type, String piece) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (defect != Defect.NO_IDS) {
            b.writeBytes(("id: " + id + "\n").getBytes(StandardCharsets.UTF_8));
        }
        boolean typed = defect != Defect.TYPE_MESSAGE || type.equals("done");
        if (typed) {
            b.writeBytes(("event: " + type).getBytes(StandardCharsets.UTF_8));
        }
        if (defect == Defect.INVALID_UTF8 && type.equals("done")) {
            b.write(0xFF);
        }
        String data;
        if (defect == Defect.JSON_DATA && !type.equals("done")) {
            data = "data: \"" + piece.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"\n";
        } else if (piece.equals("\n")) {
            data = defect == Defect.LOSES_NEWLINE ? "data:\n" : "data: \ndata: \n";
        } else if (piece.equals(" ")) {
            data = defect == Defect.LOSES_LONE_SPACE ? "data: \n" : "data:  \n";
        } else {
            data = "data: " + piece + "\n";
        }
        b.writeBytes(((typed ? "\n" : "") + data + "\n").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    /** Waits {@code ms}, with a comment line every heartbeat period unless heartbeats are the defect. */
    private void quiet(Out out, long ms) throws IOException {
        long end = System.nanoTime() + ms * 1_000_000;
        while (true) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            sleep(Math.min(left, settings.heartbeatMs()));
            if (defect != Defect.NO_HEARTBEAT && (end - System.nanoTime()) > 0) {
                out.text(": heartbeat\n");
                out.flush();
            }
        }
    }

    // --- the feed

    private void subscribe(RawServer.Request r, Socket s, OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n"
                + "Connection: close\r\n\r\nretry: " + RETRY_MS + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        Subscriber sub = new Subscriber(s);
        String lei = r.header("Last-Event-ID");
        synchronized (this) {
            if (lei != null && defect != Defect.NO_REPLAY) {
                long after = Long.parseLong(lei);
                ring.stream().filter(p -> p.id() > after).forEach(p -> sub.offer(p.bytes()));
            }
            subscribers.add(sub);
        }
        activeStreams.incrementAndGet();
        try {
            sub.drain(out);
        } finally {
            subscribers.remove(sub);
            activeStreams.decrementAndGet();
        }
    }

    private void publish(RawServer.Request r, OutputStream out) throws IOException {
        String auth = r.header("Authorization");
        if (auth == null) {
            full(out, "401 Unauthorized", "text/plain; charset=utf-8", "a bearer token is needed");
            return;
        }
        if (!auth.equals("Bearer " + settings.publishToken())) {
            full(out, "403 Forbidden", "text/plain; charset=utf-8", "wrong token");
            return;
        }
        String data = new String(r.body(), StandardCharsets.UTF_8);
        synchronized (this) {
            long id = ++lastId;
            byte[] e = ("id: " + id + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
            ring.add(new Published(id, e));
            if (ring.size() > RING) {
                ring.remove();
            }
            for (int i = 0; i < subscribers.size(); i++) {
                Subscriber sub = subscribers.get(i);
                if (i == 0 && defect == Defect.SKIPS_FIRST_SUBSCRIBER) {
                    continue;
                }
                if (!sub.offer(e)) {
                    subscribers.remove(sub);
                    slowClientsDropped.incrementAndGet();
                    sub.drop();
                }
            }
        }
        out.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private record Published(long id, byte[] bytes) {
    }

    /** One subscriber: what is queued for it, written by its connection's thread; the publisher never waits. */
    private final class Subscriber {
        private final Socket socket;
        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private long queued;

        Subscriber(Socket socket) {
            this.socket = socket;
        }

        /** False when the backlog would pass its bound. */
        synchronized boolean offer(byte[] e) {
            if (queued + e.length > settings.backlogBytes() && defect != Defect.NEVER_DROPS_SLOW_READER && !queue.isEmpty()) {
                return false;
            }
            queue.add(e);
            queued += e.length;
            notifyAll();
            return true;
        }

        void drop() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // dropping anyway
            }
        }

        void drain(OutputStream out) throws IOException {
            while (true) {
                byte[] next;
                synchronized (this) {
                    if (queue.isEmpty()) {
                        try {
                            wait(settings.heartbeatMs());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    next = queue.poll();
                    if (next != null) {
                        queued -= next.length;
                    }
                }
                // an idle subscriber gets a comment line, which is also how a client that left is noticed
                out.write(next != null ? next : ": heartbeat\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
    }

    // --- replaying a request vector's expectation

    /** The members of a request vector's expectation that a response can get wrong, one by one. */
    static List<String> members(StreamVector v) {
        StreamVector.Expected x = v.expected();
        List<String> out = new ArrayList<>();
        if (x.status() != null) {
            out.add("status");
        }
        x.headers().keySet().forEach(h -> out.add("headers." + h));
        x.headerTokens().keySet().forEach(h -> out.add("headerTokens." + h));
        x.absentHeaders().forEach(h -> out.add("absentHeaders." + h));
        if (x.opensWithRetry()) {
            out.add("opensWithRetry");
        }
        // a 204 has no body, so no response can show wrong events with it
        if (x.events() != null && !Integer.valueOf(204).equals(x.status())) {
            out.add("events");
        }
        if ("closed".equals(x.end())) {
            out.add("end");
        }
        x.bodyContains().forEach(b -> out.add("bodyContains." + b));
        x.jsonFields().forEach(f -> out.add("jsonFields." + f));
        return out;
    }

    private static void replay(StreamVector v, String broken, Socket s, OutputStream out) throws IOException {
        StreamVector.Expected x = v.expected();
        int status = x.status() == null ? 200 : x.status();
        if ("status".equals(broken)) {
            status = status == 200 ? 500 : 200;
        }
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + (status == 200 ? "OK" : "Status") + "\r\n");
        x.headers().forEach((k, val) -> {
            if (!("headers." + k).equals(broken)) {
                head.append(k).append(": ").append(val).append("\r\n");
            }
        });
        x.headerTokens().forEach((k, tokens) -> {
            if (!("headerTokens." + k).equals(broken) && !x.headers().containsKey(k)) {
                head.append(k).append(": ").append(String.join(", ", tokens)).append("\r\n");
            }
        });
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (x.opensWithRetry() && !"opensWithRetry".equals(broken)) {
            body.writeBytes(("retry: " + RETRY_MS + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        if (x.events() != null && status != 204) {
            List<ExpectedEvent> events = new ArrayList<>(x.events());
            if ("events".equals(broken)) {
                if (events.isEmpty()) {
                    events.add(new ExpectedEvent("message", "unexpected", ""));
                } else {
                    events.remove(events.size() - 1);
                }
            }
            body.writeBytes(encode(events));
        }
        List<String> text = new ArrayList<>();
        x.bodyContains().stream().filter(b -> !("bodyContains." + b).equals(broken)).forEach(text::add);
        if (!x.jsonFields().isEmpty()) {
            List<String> fields = new ArrayList<>();
            x.jsonFields().stream().filter(f -> !("jsonFields." + f).equals(broken)).forEach(f -> fields.add("\"" + f + "\": 0"));
            text.add("{" + String.join(", ", fields) + "}");
        }
        if (!text.isEmpty()) {
            body.writeBytes(String.join(" ", text).getBytes(StandardCharsets.UTF_8));
        }
        for (String h : x.absentHeaders()) {
            if (("absentHeaders." + h).equals(broken)) {
                String value = h.equalsIgnoreCase("Content-Length") ? String.valueOf(body.size())
                        : h.equalsIgnoreCase("Content-Encoding") ? "identity" : "true";
                head.append(h).append(": ").append(value).append("\r\n");
            }
        }
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.write(body.toByteArray());
        out.flush();
        if ("end".equals(broken)) {
            // held open until the reader gives up
            while (s.getInputStream().read() >= 0) {
                // nothing more is read
            }
        }
    }

    /** The events as a server writes them: an id field where the last event ID changes, the type unless "message". */
    static byte[] encode(List<ExpectedEvent> events) {
        StringBuilder b = new StringBuilder();
        String id = "";
        for (ExpectedEvent e : events) {
            if (!e.lastEventId().equals(id)) {
                id = e.lastEventId();
                b.append(id.isEmpty() ? "id\n" : "id: " + id + "\n");
            }
            if (!e.type().equals("message")) {
                b.append("event: ").append(e.type()).append('\n');
            }
            for (String line : e.data().split("\n", -1)) {
                b.append("data: ").append(line).append('\n');
            }
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void full(OutputStream out, String status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + b.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(b);
        out.flush();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }

    /** The body's way out: each flush sends what was written since the last, unless (a defect) all is held back. */
    private static final class Out {
        private final OutputStream socket;
        private final boolean holdBack;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Out(OutputStream socket, boolean holdBack) {
            this.socket = socket;
            this.holdBack = holdBack;
        }

        void head(String head) throws IOException {
            socket.write(head.getBytes(StandardCharsets.US_ASCII));
            socket.flush();
        }

        void text(String s) throws IOException {
            write(s.getBytes(StandardCharsets.UTF_8));
        }

        void write(byte[] b) {
            pending.writeBytes(b);
        }

        void flush() throws IOException {
            if (!holdBack) {
                finish();
            }
        }

        void finish() throws IOException {
            socket.write(pending.toByteArray());
            socket.flush();
            pending.reset();
        }
    }
}
