package dev.ssekit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * An https server on 127.0.0.1 with a self-signed certificate made for the test by the JDK's keytool (valid for
 * 127.0.0.1 and localhost): every request gets the same short, finished event stream.
 */
final class TlsStreamServer implements AutoCloseable {

    static final String BODY = "retry: 1000\n\nid: 1\ndata: a\n\nid: 2\ndata: b\n\n";
    private static final String PASS = "changeit";

    private final SSLServerSocket listener;
    private final Path certPem;

    private TlsStreamServer(SSLServerSocket listener, Path certPem) {
        this.listener = listener;
        this.certPem = certPem;
        Thread t = new Thread(this::accept, "tls-stream-server");
        t.setDaemon(true);
        t.start();
    }

    static TlsStreamServer start(Path dir) throws Exception {
        Path ks = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", ks.toString(), "-storetype",
                "PKCS12", "-storepass", PASS, "-keypass", PASS);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", ks.toString(), "-storepass", PASS, "-file",
                pem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, PASS.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASS.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new TlsStreamServer(s, pem);
    }

    private static void keytool(String... args) throws Exception {
        Path tool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new java.util.ArrayList<>(List.of(tool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }

    Path certPem() {
        return certPem;
    }

    String url(String path) {
        return "https://127.0.0.1:" + listener.getLocalPort() + path;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                Thread t = new Thread(() -> serve(s), "tls-stream-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket s) {
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
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
                    + BODY).getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // a client that refused the certificate, or went away
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
