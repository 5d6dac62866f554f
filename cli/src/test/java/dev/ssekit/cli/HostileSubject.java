package dev.ssekit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A subject for {@code sse-kit check} that answers every request in one hostile way, over a raw socket on
 * 127.0.0.1 and a free port; one thread per connection, ended when the client leaves or on {@link #close()}.
 */
final class HostileSubject implements AutoCloseable {

    enum Kind {
        /** 200 text/event-stream, then events as fast as the socket takes them, never ending. */
        ENDLESS_STREAM,
        /** Random bytes that are not HTTP; the connection stays open. */
        GARBAGE,
        /** Reads the request and never answers. */
        SILENT,
        /** 301 with an HTML page. */
        MOVED_HTML,
        /** 200 with an HTML page. */
        OK_HTML
    }

    private final Kind kind;
    private final ServerSocket listener;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    HostileSubject(Kind kind) throws IOException {
        this.kind = kind;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    open.add(s);
                    Thread t = new Thread(() -> serve(s), "hostile-" + kind + "-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return; // closed by the test
                }
            }
        }, "hostile-" + kind);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort() + "/events";
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            int state = 0;
            while (state < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            }
            OutputStream out = s.getOutputStream();
            switch (kind) {
                case ENDLESS_STREAM -> {
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < 1000; i++) {
                        b.append("id: ").append(i).append("\ndata: tick ").append(i).append("\n\n");
                    }
                    byte[] block = b.toString().getBytes(StandardCharsets.UTF_8);
                    while (true) {
                        out.write(block);
                    }
                }
                case GARBAGE -> {
                    byte[] junk = new byte[4096];
                    new Random(11).nextBytes(junk);
                    junk[0] = 0x16;
                    out.write(junk);
                    out.flush();
                    drain(in);
                }
                case SILENT -> drain(in);
                case MOVED_HTML, OK_HTML -> {
                    byte[] body = "<!doctype html><title>moved</title>\n".getBytes(StandardCharsets.UTF_8);
                    String status = kind == Kind.MOVED_HTML ? "301 Moved Permanently\r\nLocation: /elsewhere" : "200 OK";
                    out.write(("HTTP/1.1 " + status + "\r\nContent-Type: text/html\r\nContent-Length: " + body.length
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            open.remove(s);
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[1024];
        while (in.read(buf) >= 0) {
            // nothing to answer
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
