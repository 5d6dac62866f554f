package dev.ssekit.server;

import static dev.ssekit.server.Harness.body;
import static dev.ssekit.server.Harness.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.protocol.ParsedEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /api/sse?text=...}: a given text streamed like a document (API-026), and the texts refused (API-027). */
class TextParameterTest {

    /** A newline, a lone space, CJK, an emoji and a ZWJ sequence: every kind of piece. */
    private static final String MIXED = "Hi\n 你好 🙂👨\u200d👧!";

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8); // form encoding: a space is +
    }

    private static List<String> codePoints(String s) {
        List<String> out = new ArrayList<>();
        s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }

    @Test
    @DisplayName("[API-026,API-007,API-008,API-013] a text streams one code point per event with ids 1..N, then done N+1, and its data spells the text")
    void textStreamsLikeADocument() {
        try (Harness h = new Harness()) {
            FakeTransport t = h.open("/api/sse?interval=0&text=" + q(MIXED));
            FakeTransport.Transcript tr = t.transcript();
            List<String> pieces = codePoints(MIXED);
            List<ParsedEvent> want = new ArrayList<>();
            for (int i = 0; i < pieces.size(); i++) {
                want.add(new ParsedEvent("lol", pieces.get(i), Integer.toString(i + 1)));
            }
            want.add(new ParsedEvent("done", "", Integer.toString(pieces.size() + 1)));
            assertEquals(want, tr.events());
            assertEquals(MIXED, tr.data("lol"));
            assertTrue(t.text().startsWith("retry: 1000\n\n"));
            assertTrue(t.endCalled);
        }
    }

    @Test
    @DisplayName("[API-026,API-004] with an interval a text's first piece goes out at once and then one per interval, and no timer is left at the end")
    void textHonoursTheInterval() {
        try (Harness h = new Harness()) {
            FakeTransport t = h.open("/api/sse?interval=500&event=tick&text=" + q("a中"));
            assertEquals(List.of(new ParsedEvent("tick", "a", "1")), t.transcript().events());
            assertTrue(h.clock.pendingTasks() > 0, "a timer runs the stream");
            h.clock.advance(499);
            assertEquals(1, t.transcript().events().size(), "nothing before the interval");
            h.clock.advance(1);
            assertEquals(List.of(new ParsedEvent("tick", "a", "1"), new ParsedEvent("tick", "中", "2"),
                    new ParsedEvent("done", "", "3")), t.transcript().events());
            assertEquals(0, h.clock.pendingTasks(), "the stream's timer is cancelled after done");
            assertEquals(0, h.core.stats().activeStreams());
        }
    }

    @Test
    @DisplayName("[API-026,API-011,API-014,API-018] a text resumes at every cut point without loss or repeat, dropAfter cuts it, and past done is 204")
    void textResumes() {
        try (Harness h = new Harness()) {
            List<String> pieces = codePoints(MIXED);
            int n = pieces.size();
            for (int k = 0; k <= n + 1; k++) {
                SseResponse r = h.get("/api/sse?interval=0&text=" + q(MIXED), "Last-Event-ID", Integer.toString(k));
                if (k > n) {
                    assertEquals(204, r.status());
                    continue;
                }
                FakeTransport.Transcript tr = FakeTransport.open(r, true).transcript();
                assertEquals(MIXED, String.join("", pieces.subList(0, k)) + tr.data("lol"), "after " + k);
                assertEquals(Integer.toString(k + 1), tr.events().get(0).lastEventId());
            }
            FakeTransport cut = h.open("/api/sse?interval=0&dropAfter=2&text=" + q(MIXED));
            assertEquals(List.of("1", "2"), cut.transcript().ids());
            assertTrue(cut.abortCalled, "cut without done");
        }
    }

    @Test
    @DisplayName("[API-026,PARSE-031] a text's CRLF and lone CR become LF; + is a space and %2B a plus")
    void textIsNormalised() {
        try (Harness h = new Harness()) {
            assertEquals("a\nb\nc", h.open("/api/sse?interval=0&text=a%0D%0Ab%0Dc").transcript().data("lol"));
            assertEquals("a b+c", h.open("/api/sse?interval=0&text=a+b%2Bc").transcript().data("lol"));
        }
    }

    @Test
    @DisplayName("[API-026,API-027] 4096 code points (here 4096 emoji, 8192 UTF-16 units) stream; 4097 are refused naming the limit")
    void limitCountsCodePoints() {
        try (Harness h = new Harness()) {
            String max = "😀".repeat(4096);
            FakeTransport.Transcript tr = h.open("/api/sse?interval=0&text=" + q(max)).transcript();
            assertEquals(4097, tr.events().size());
            assertEquals(max, tr.data("lol"));
            SseResponse over = h.get("/api/sse?interval=0&text=" + q(max + "x"));
            assertEquals(400, over.status());
            assertTrue(body(over).contains("4097") && body(over).contains("4096"), body(over));
            // Normalisation comes first: 4096 CRLFs are 4096 pieces, not 8192.
            assertEquals(200, h.get("/api/sse?interval=0&text=" + q("\r\n".repeat(4096))).status());
        }
    }

    @Test
    @DisplayName("[API-026] two texts of the same length stream their own pieces (a text is never served from another request's cache)")
    void textsAreNotShared() {
        try (Harness h = new Harness()) {
            assertEquals("ab", h.open("/api/sse?interval=0&text=ab").transcript().data("lol"));
            assertEquals("cd", h.open("/api/sse?interval=0&text=cd").transcript().data("lol"));
            assertEquals(SseCore.documentText("probe"), h.open("/api/sse?interval=0&doc=probe").transcript().data("lol"));
        }
    }

    @DisplayName("[API-027,API-009] a bad text gets 400 text/plain naming text and the problem")
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "text=|empty",
        "text|empty",
        "text=%zz|percent-encoding",
        "text=50%25%2|percent-encoding",
        "text=a%FFb|UTF-8",
        "text=%C3|UTF-8",
        "text=%ED%A0%80|UTF-8",
        "text=\u4e2d|percent-encoded",
        "doc=probe&text=a|doc",
        "text=a&doc=probe|doc",
        "text=a&text=b|2 times",
    })
    void badTextIsRefused(String query, String mention) {
        try (Harness h = new Harness()) {
            SseResponse r = h.get("/api/sse?" + query);
            assertEquals(400, r.status(), () -> body(r));
            assertEquals("text/plain; charset=utf-8", header(r, "Content-Type"));
            assertTrue(body(r).contains("\"text\""), body(r));
            assertTrue(body(r).contains(mention), body(r));
            assertFalse(body(r).contains("\ufffd"), "no replacement character is made up");
        }
    }
}
