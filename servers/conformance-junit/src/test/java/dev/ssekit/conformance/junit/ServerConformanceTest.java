package dev.ssekit.conformance.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.conformance.RawServer;
import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The JUnit face against a small server that gets one SHOULD wrong (no Cache-Control on its stream) and is otherwise
 * a plain event stream (no contract, no stats, no feed): what fails a test, what is recorded, what is written.
 */
class ServerConformanceTest {

    /** Two events with ids, resume after the first, 204 past the last; everything else is 404. */
    private static RawServer uncachedStream() throws IOException {
        return RawServer.handling("uncached", (r, s, out) -> {
            if (!r.path().equals("/api/sse")) {
                write(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return;
            }
            String lei = r.header("Last-Event-ID");
            if ("2".equals(lei)) {
                write(out, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
                return;
            }
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\nretry: 1000\n\n"
                    + ("1".equals(lei) ? "" : "id: 1\ndata: x\n\n") + "id: 2\ndata: y\n\n");
        });
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The subject as a subclass declares it; each nested class below changes one thing. */
    abstract static class Uncached extends ServerConformance {
        Subject subject(String name) throws IOException {
            RawServer server = uncachedStream();
            return Subject.at(name, "http://127.0.0.1:" + server.port(), () -> {
                try {
                    server.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).readingFor(2_000);
        }
    }

    static class Lenient extends Uncached {
        @Override
        protected Subject start(SuiteSettings settings) throws IOException {
            return subject("junit-face-lenient");
        }
    }

    static class Strict extends Uncached {
        @Override
        protected Subject start(SuiteSettings settings) throws IOException {
            return subject("junit-face-strict").strict();
        }
    }

    static class KnownButPassing extends Uncached {
        @Override
        protected Subject start(SuiteSettings settings) throws IOException {
            return subject("junit-face-known");
        }

        @Override
        protected Set<String> knownFailures() {
            return Set.of("check/generic/content-type");
        }
    }

    /** A framework subject that cannot start here: it must still be listed, with its framework and the reason. */
    static class FrameworkThatCannotStart extends ServerConformance {
        @Override
        protected Subject start(SuiteSettings settings) {
            return cannotStart("junit-face-framework", "its runtime is missing here", "sse.junit.face.required");
        }

        @Override
        protected Framework framework() {
            return new Framework("Acme Web", "1.2", "Emitter<String>");
        }
    }

    /** The outcome of each dynamic test, by the case ID its display name ends with. */
    private static Map<String, TestExecutionResult> run(Class<?> suite) {
        Map<String, TestExecutionResult> out = new ConcurrentHashMap<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(suite)).build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            String name = id.getDisplayName();
                            out.put(name.substring(name.indexOf(']') + 2), result);
                        }
                    }
                });
        return out;
    }

    @Test
    @DisplayName("[HTTP-010] a missed SHOULD is recorded as non-strict and passes its test; a strict subject fails it")
    void strictness() throws IOException {
        Map<String, TestExecutionResult> lenient = run(Lenient.class);
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, lenient.get("check/generic/no-store").getStatus());
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, lenient.get("check/generic/status").getStatus());
        Path file = Path.of(System.getProperty("sse.conformance.dir", "target/conformance"), "junit-face-lenient.json");
        String json = Files.readString(file);
        assertTrue(json.contains("\"subject\" : \"junit-face-lenient\""), json);
        assertTrue(json.contains("\"non-strict\" : 1"), json);
        assertTrue(json.contains("doc=probe is not offered") || json.contains("doc=probe is ignored"), json);

        Map<String, TestExecutionResult> strict = run(Strict.class);
        TestExecutionResult noStore = strict.get("check/generic/no-store");
        assertEquals(TestExecutionResult.Status.FAILED, noStore.getStatus());
        assertTrue(noStore.getThrowable().orElseThrow().getMessage().contains("no Cache-Control header"));
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, strict.get("check/generic/status").getStatus());
    }

    @Test
    @DisplayName("[AUTH-001] a case listed as a known failure that passes fails its test, so the list stays true")
    void knownFailuresStayTrue() {
        Map<String, TestExecutionResult> r = run(KnownButPassing.class);
        TestExecutionResult ct = r.get("check/generic/content-type");
        assertEquals(TestExecutionResult.Status.FAILED, ct.getStatus());
        assertTrue(ct.getThrowable().orElseThrow().getMessage().contains("take it off the list"));
    }

    @Test
    @DisplayName("[AUTH-001] a framework subject that cannot start is written as not-run with its framework named, never left out")
    void frameworkThatCannotStartIsListed() throws IOException {
        run(FrameworkThatCannotStart.class);
        Path file = Path.of(System.getProperty("sse.conformance.dir", "target/conformance"), "junit-face-framework.json");
        String json = Files.readString(file);
        assertTrue(json.contains("\"framework\" : \"Acme Web\"") && json.contains("\"framework.api\" : \"Emitter<String>\""), json);
        assertTrue(json.contains("\"subject/junit-face-framework\"") && json.contains("its runtime is missing here"), json);
        assertTrue(json.contains("\"not-run\" : 1"), json);
    }
}
