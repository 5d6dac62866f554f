package dev.ssekit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Fetch CORS check of a cross-origin response. */
class CorsCheckTest {

    private static final String ORIGIN = "https://page.example";

    private static Map<String, List<String>> headers(String... nameValue) {
        Map<String, List<String>> h = new TreeMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            h.computeIfAbsent(nameValue[i], k -> new java.util.ArrayList<>()).add(nameValue[i + 1]);
        }
        return h;
    }

    @Test
    @DisplayName("[CORS-004] no Access-Control-Allow-Origin fails, with or without credentials")
    void missingAllowOriginFails() {
        assertFalse(CorsCheck.passes(ORIGIN, false, headers()));
        assertFalse(CorsCheck.passes(ORIGIN, true, headers("Access-Control-Allow-Credentials", "true")));
        assertFalse(CorsCheck.passes(ORIGIN, false, null));
        assertEquals("no Access-Control-Allow-Origin header", CorsCheck.check(ORIGIN, false, headers()).reason());
    }

    @Test
    @DisplayName("[CORS-004] * passes a request without credentials")
    void wildcardWithoutCredentials() {
        CorsCheck.Result r = CorsCheck.check(ORIGIN, false, headers("Access-Control-Allow-Origin", "*"));
        assertTrue(r.passed());
        assertEquals("", r.reason());
    }

    @Test
    @DisplayName("[CORS-004] otherwise the value must equal the origin serialisation exactly")
    void exactOrigin() {
        assertTrue(CorsCheck.passes(ORIGIN, false, headers("Access-Control-Allow-Origin", ORIGIN)));
        for (String wrong : List.of("https://page.example/", "HTTPS://page.example", "https://Page.example",
                "https://other.example", "null", "https://page.example:443", "http://page.example", "",
                "https://page.example, https://page.example")) {
            assertFalse(CorsCheck.passes(ORIGIN, false, headers("Access-Control-Allow-Origin", wrong)), wrong);
        }
    }

    @Test
    @DisplayName("[CORS-004] header names match case-insensitively; values are trimmed; two values are combined and fail")
    void headerLookup() {
        assertTrue(CorsCheck.passes(ORIGIN, false, headers("access-control-allow-origin", " " + ORIGIN + "\t")));
        assertFalse(CorsCheck.passes(ORIGIN, false, headers("Access-Control-Allow-Origin", ORIGIN,
                "access-control-allow-origin", ORIGIN)));
        assertFalse(CorsCheck.passes(ORIGIN, false, headers("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Origin", "*")));
    }

    @Test
    @DisplayName("[CORS-005] with credentials, * fails even with Access-Control-Allow-Credentials: true")
    void wildcardWithCredentialsFails() {
        CorsCheck.Result r = CorsCheck.check(ORIGIN, true,
                headers("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Credentials", "true"));
        assertFalse(r.passed());
        assertTrue(r.reason().contains("*"), r.reason());
    }

    @Test
    @DisplayName("[CORS-005] with credentials, the exact origin also needs Access-Control-Allow-Credentials exactly true")
    void credentialsNeedAllowCredentials() {
        assertTrue(CorsCheck.passes(ORIGIN, true,
                headers("Access-Control-Allow-Origin", ORIGIN, "Access-Control-Allow-Credentials", "true")));
        assertFalse(CorsCheck.passes(ORIGIN, true, headers("Access-Control-Allow-Origin", ORIGIN)));
        for (String wrong : List.of("True", "TRUE", "1", "yes", "", "true, true", "false")) {
            assertFalse(CorsCheck.passes(ORIGIN, true,
                    headers("Access-Control-Allow-Origin", ORIGIN, "Access-Control-Allow-Credentials", wrong)), wrong);
        }
        assertTrue(CorsCheck.passes(ORIGIN, false,
                headers("Access-Control-Allow-Origin", ORIGIN, "Access-Control-Allow-Credentials", "false")),
                "without credentials, Access-Control-Allow-Credentials is not consulted");
    }
}
