package dev.ssekit.clients.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.clientcheck.ClientCheck;
import dev.ssekit.clientcheck.ClientCheckOptions;
import dev.ssekit.clientcheck.junit.ClientConformance;
import dev.ssekit.clientservice.TestService;
import dev.ssekit.server.ServerTls;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * The run over h2 catches a client that is not on h2: the same Java client, told to ask for HTTP/1.1, is heard over
 * the TLS server's http/1.1 fallback, and its scenarios are not-run (never passed, never blamed) and the run fails.
 */
class JavaClientOverHttp1IT {

    @Test
    @DisplayName("[KIT-016] a client that asks for HTTP/1.1 in a run over h2 leaves its scenarios not-run, naming the protocol, and fails the run's h2 test")
    void http1ClientIsCaught(@TempDir Path dir) throws Exception {
        ServerTls tls = ServerTls.selfSigned(dir);
        Path pem = Files.writeString(dir.resolve("trust.pem"), tls.certificatePem());
        JavaClientAdapter adapter = new JavaClientAdapter(JavaClientAdapter.httpClient(JavaClientAdapter.trustOnly(pem, null)),
                HttpClient.Version.HTTP_1_1);
        try (TestService service = JavaClientService.start(0, System.out, adapter);
                ClientCheck check = ClientCheck.prepare(ClientCheckOptions.of(service.uri(), "java-h1-in-h2", "forced HTTP/1.1", null)
                        .withSelection(Pattern.compile("client/body/line-ends-lf|client/reconnect/after-stream-ends"), null)
                        .withHttp2(tls.sslContext()))) {
            List<ResultEntry> run = check.run((s, e) -> { }).stream().filter(e -> e.detail() == null
                    || !e.detail().startsWith("not selected")).toList();
            assertEquals(2, run.size());
            for (ResultEntry e : run) {
                assertEquals(Outcome.NOT_RUN, e.outcome(), () -> e.id() + ": " + e.detail());
                assertTrue(e.detail().contains("came over HTTP/1.1, not h2"), e.detail());
            }
            Map<String, List<String>> protocols = check.protocols();
            assertEquals(List.of("HTTP/1.1"), protocols.get("client/body/line-ends-lf"));
            assertEquals("h2", check.report().writeTo(dir).toFile().exists() ? check.meta().get("protocol") : null);
            AssertionFailedError caught = assertThrows(AssertionFailedError.class,
                    () -> ClientConformance.requireProtocol(protocols, "h2", true));
            assertTrue(caught.getMessage().contains("client/body/line-ends-lf"), caught.getMessage());
        }
    }
}
