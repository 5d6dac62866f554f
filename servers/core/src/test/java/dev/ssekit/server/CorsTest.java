package dev.ssekit.server;

import static dev.ssekit.server.Harness.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.protocol.CorsCheck;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** CORS on every answer: {@code *} without credentials, an exact echo with credentials for listed origins only. */
class CorsTest {

    private static final String LISTED = "http://127.0.0.1:8081";
    private static final SseServerConfig WITH_LIST = SseServerConfig.defaults()
            .withAllowedOrigins(Set.of(LISTED)).withPublishToken("s3cret");

    /** One request per kind of answer the core gives. */
    private static List<SseResponse> everyKindOfAnswer(Harness h, String... origin) {
        return List.of(
                h.get("/api/sse?doc=probe", origin),
                h.get("/api/sse?doc=probe", concat(origin, "Last-Event-ID", "9")),
                h.get("/api/sse?doc=nope", origin),
                h.get("/api/feed", origin),
                h.get("/api/stats", origin),
                h.get("/", origin),
                h.get("/missing", origin),
                h.request("PUT", "/api/sse", null, origin),
                h.request("OPTIONS", "/api/sse", null, origin),
                h.post("/api/feed", "x", origin),
                h.post("/api/feed", "x", concat(origin, "Authorization", "Bearer s3cret")));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    @DisplayName("[API-022,CORS-006] without Origin every answer carries Access-Control-Allow-Origin: * and no credentials grant")
    void noOriginGetsStar() {
        try (Harness h = new Harness()) {
            for (SseResponse r : everyKindOfAnswer(h)) {
                assertEquals("*", header(r, "Access-Control-Allow-Origin"), "status " + r.status());
                assertNull(header(r, "Access-Control-Allow-Credentials"));
                assertNull(header(r, "Vary"), "no allow-list: the answer does not depend on Origin");
            }
        }
    }

    @Test
    @DisplayName("[API-023,CORS-005] a listed origin is echoed exactly on every answer, with Allow-Credentials: true and Vary: Origin")
    void listedOriginIsEchoed() {
        try (Harness h = new Harness(WITH_LIST)) {
            for (SseResponse r : everyKindOfAnswer(h, "Origin", LISTED)) {
                assertEquals(LISTED, header(r, "Access-Control-Allow-Origin"), "status " + r.status());
                assertEquals("true", header(r, "Access-Control-Allow-Credentials"));
                assertEquals("Origin", header(r, "Vary"));
                assertTrue(CorsCheck.check(LISTED, true, r.headers()).passed(), "a credentialed EventSource may read it");
            }
        }
    }

    @Test
    @DisplayName("[API-022,API-023,CORS-006] an unlisted origin gets * and no credentials, so a credentialed request fails the browser's check")
    void unlistedOriginGetsStar() {
        try (Harness h = new Harness(WITH_LIST)) {
            for (String origin : List.of("http://evil.example", "http://127.0.0.1:8082", "HTTP://127.0.0.1:8081",
                    LISTED + "/", "null")) {
                for (SseResponse r : everyKindOfAnswer(h, "Origin", origin)) {
                    assertEquals("*", header(r, "Access-Control-Allow-Origin"), origin + " status " + r.status());
                    assertNull(header(r, "Access-Control-Allow-Credentials"));
                    assertEquals("Origin", header(r, "Vary"), "with an allow-list the answer depends on Origin");
                    assertTrue(CorsCheck.check(origin, false, r.headers()).passed());
                    assertFalse(CorsCheck.check(origin, true, r.headers()).passed());
                }
            }
        }
    }

    @Test
    @DisplayName("[API-023] an origin echoed back is the header value byte for byte")
    void echoIsExact() {
        String odd = "https://xn--fiq228c.example:8443";
        try (Harness h = new Harness(SseServerConfig.defaults().withAllowedOrigins(Set.of(odd)))) {
            SseResponse r = h.get("/api/stats", "Origin", odd);
            assertEquals(odd, header(r, "Access-Control-Allow-Origin"));
            assertEquals(odd.getBytes(StandardCharsets.UTF_8).length, header(r, "Access-Control-Allow-Origin").length());
        }
    }
}
