package dev.ssekit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    @DisplayName("[KIT-004] a URL names the stream or the server's base; /api paths go under the base")
    void baseAndStream() {
        Target base = Target.of("http://127.0.0.1:3000");
        assertEquals("/api/sse", base.streamPath());
        assertEquals("/api/stats", base.path("/api/stats"));
        assertTrue(base.streamIsContractDefault());
        assertEquals("127.0.0.1-3000", base.defaultName());

        Target stream = Target.of("http://localhost:8080/app/api/sse");
        assertEquals("/app", stream.prefix());
        assertEquals("/app/api/stats", stream.path("/api/stats"));
        assertTrue(stream.streamIsContractDefault());

        Target other = Target.of("https://example.test/events?x=1");
        assertEquals(443, other.port());
        assertEquals("/events?x=1", other.streamPath());
        assertEquals("", other.prefix());
        assertEquals("https://example.test/events?x=1", other.streamUrl());

        Target query = Target.of("http://[::1]:3000/api/sse?interval=10");
        assertEquals("::1", query.host());
        assertEquals("/api/sse?interval=10", query.streamPath());
        assertTrue(!query.streamIsContractDefault());
        assertEquals("http://[::1]:3000/api/sse?interval=10", query.streamUrl());
    }

    @Test
    @DisplayName("[KIT-004] a URL that is not http or https, or has no host, is refused with a reason")
    void refused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Target.of("ftp://x/")).getMessage().contains("http"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Target.of("http:///x")).getMessage().contains("host"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Target.of("not a url")).getMessage().contains("URL"));
    }
}
