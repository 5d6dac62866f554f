package dev.ssekit.torture;

import dev.ssekit.server.SseServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;

/**
 * A reference server in a child process, for {@code descriptor-exhaustion}: {@code TortureChildServer <suite class>}
 * starts the server the way that {@link TortureSuite} subclass does, with the suite's settings on a free port, prints
 * {@code listening <host> <port>}, and stops when stdin closes (see {@link ProcessChildServer}).
 */
public final class TortureChildServer {

    private TortureChildServer() {
    }

    public static void main(String[] args) throws IOException, ReflectiveOperationException {
        if (args.length != 1) {
            System.err.println("usage: TortureChildServer <TortureSuite subclass>");
            System.exit(2);
        }
        Constructor<?> make = Class.forName(args[0]).getDeclaredConstructor();
        make.setAccessible(true);
        TortureSuite suite = (TortureSuite) make.newInstance();
        SseServer server = suite.start(TortureSuite.serverConfig(null));
        System.out.println(ProcessChildServer.READY + " " + server.host() + " " + server.port());
        System.out.flush();
        InputStream in = System.in;
        byte[] buf = new byte[256];
        while (in.read(buf) >= 0) {
            // wait for the parent to close stdin
        }
        server.close();
        System.exit(0);
    }
}
