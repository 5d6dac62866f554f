package dev.ssekit.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Answers every connection with the same bytes, written piece by piece; then closes, or holds the connection open. */
final class CannedServer implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    CannedServer(boolean close, byte[]... pieces) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    open.add(s);
                    s.setTcpNoDelay(true);
                    readHead(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    for (byte[] p : pieces) {
                        out.write(p);
                        out.flush();
                    }
                    if (close) {
                        s.close();
                    }
                } catch (IOException e) {
                    // closed by the test
                }
            }
        }, "canned-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void readHead(InputStream in) throws IOException {
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
    }

    Target target() {
        return Target.local("127.0.0.1", listener.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
