package dev.ssekit.server.undertow;

import dev.ssekit.conformance.HttpVersion;
import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.conformance.junit.ServerConformance;
import dev.ssekit.server.ServerTls;
import dev.ssekit.server.SuiteServers;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.io.TempDir;

/** The server conformance suite against the Undertow adapter over TLS, speaking h2 (ALPN). */
class UndertowH2ConformanceIT extends ServerConformance {

    @TempDir
    static Path certs;
    private ServerTls tls;

    @Override
    protected Subject start(SuiteSettings settings) {
        tls = ServerTls.selfSigned(certs);
        return SuiteServers.start(new UndertowProvider(), settings, tls, false);
    }

    @Override
    protected SSLContext clientTls() {
        return tls.clientContext();
    }

    @Override
    protected HttpVersion protocol() {
        return HttpVersion.HTTP_2;
    }
}
