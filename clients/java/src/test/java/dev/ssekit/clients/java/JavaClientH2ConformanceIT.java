package dev.ssekit.clients.java;

import dev.ssekit.clientcheck.TestService;
import dev.ssekit.clientcheck.junit.ClientConformance;
import dev.ssekit.server.ServerTls;
import java.net.http.HttpClient;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kit's own client against every client scenario over HTTP/2 (TLS, ALPN h2), with the kit's self-signed test
 * certificate trusted through a PEM file as {@code client-service} users give it; results in {@code client-java-h2.json}.
 * No known failures, and every request must have come over h2.
 */
class JavaClientH2ConformanceIT extends ClientConformance {

    @TempDir
    Path dir;
    private ServerTls tls;

    private ServerTls tls() {
        if (tls == null) {
            tls = ServerTls.selfSigned(dir);
        }
        return tls;
    }

    @Override
    protected String clientName() {
        return "java-h2";
    }

    @Override
    protected String displayName() {
        return "sse-kit Java EventSource (HTTP/2)";
    }

    @Override
    protected String clientVersion() {
        return JavaClientAdapter.version();
    }

    @Override
    protected SSLContext http2() {
        return tls().sslContext();
    }

    @Override
    protected TestService startService() throws Exception {
        Path pem = java.nio.file.Files.writeString(dir.resolve("trust.pem"), tls().certificatePem());
        JavaClientAdapter adapter = new JavaClientAdapter(JavaClientAdapter.httpClient(JavaClientAdapter.trustOnly(pem, null)),
                HttpClient.Version.HTTP_2);
        dev.ssekit.clientservice.TestService s = JavaClientService.start(0, System.out, adapter);
        return TestService.of(s.uri(), s);
    }
}
