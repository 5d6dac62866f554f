package dev.ssekit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.protocol.ParsedEvent;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.ExpectedEvent;
import dev.ssekit.spec.StreamVector;
import dev.ssekit.spec.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The stream vectors of {@code spec/vectors/stream} that one request states, run against the core directly (no
 * socket): the core alone already answers what the conformance suite will check over HTTP. Scenario vectors need a
 * real server and a clock; the unit tests next to this one pin the same behaviours with a manual clock.
 */
class StreamVectorsTest {

    @TestFactory
    @DisplayName("[API-001,API-009,API-011,API-012,API-013,API-014,API-017,API-021,API-022,API-023,API-025] every request stream vector holds against the core")
    Stream<DynamicTest> requestVectors() {
        List<StreamVector> vs = Vectors.stream().stream().filter(v -> !v.isScenario()).toList();
        assertTrue(vs.size() >= 30, "stream vectors found: " + vs.size());
        return vs.stream().map(v -> DynamicTest.dynamicTest("[" + String.join(",", v.requirements()) + "] " + v.id(),
                () -> run(v)));
    }

    @TestFactory
    @DisplayName("[API-019,API-020] the broadcast scenarios hold against the core")
    Stream<DynamicTest> broadcastScenarios() {
        return Vectors.stream().stream()
                .filter(v -> "broadcast".equals(v.scenario()) || "broadcast-replay".equals(v.scenario()))
                .map(v -> DynamicTest.dynamicTest("[" + String.join(",", v.requirements()) + "] " + v.id(),
                        () -> runBroadcast(v)));
    }

    static SseServerConfig config(JsonNode c) {
        SseServerConfig cfg = SseServerConfig.defaults();
        if (c == null) {
            return cfg;
        }
        if (c.has("allowedOrigins")) {
            Set<String> o = new LinkedHashSet<>();
            c.get("allowedOrigins").forEach(n -> o.add(n.asText()));
            cfg = cfg.withAllowedOrigins(o);
        }
        if (c.has("publishToken")) {
            cfg = cfg.withPublishToken(c.get("publishToken").asText());
        }
        if (c.has("heartbeatMs")) {
            cfg = cfg.withHeartbeatMs(c.get("heartbeatMs").asLong());
        }
        if (c.has("backlogBytes")) {
            cfg = cfg.withBacklogBytes(c.get("backlogBytes").asInt());
        }
        if (c.has("replayCapacity")) {
            cfg = cfg.withReplayCapacity(c.get("replayCapacity").asInt());
        }
        return cfg;
    }

    private static void run(StreamVector v) {
        try (Harness h = new Harness(config(v.config()))) {
            StreamVector.Request req = v.request();
            List<String> headers = new ArrayList<>();
            req.headers().forEach((k, val) -> {
                headers.add(k);
                headers.add(val);
            });
            byte[] body = req.body() == null ? null : req.body().getBytes(StandardCharsets.UTF_8);
            SseResponse r = h.request(req.method(), req.path(), body, headers.toArray(String[]::new));
            StreamVector.Expected e = v.expected();
            String id = v.id();
            if (e.status() != null) {
                assertEquals(e.status(), r.status(), id + " status");
            }
            e.headers().forEach((name, want) -> assertEquals(want, Harness.header(r, name), id + " header " + name));
            e.headerTokens().forEach((name, tokens) -> {
                String got = Harness.header(r, name);
                assertNotNull(got, id + " header " + name);
                List<String> have = new ArrayList<>();
                for (String t : got.split("[,;]")) {
                    have.add(t.strip().toLowerCase(Locale.ROOT));
                }
                for (String t : tokens) {
                    assertTrue(have.contains(t.toLowerCase(Locale.ROOT)), id + " " + name + " has " + t + ": " + got);
                }
            });
            for (String name : e.absentHeaders()) {
                assertNull(Harness.header(r, name), id + " has no " + name);
            }
            if (r instanceof SseResponse.Stream) {
                FakeTransport t = FakeTransport.open(r, true);
                if (e.opensWithRetry()) {
                    assertTrue(t.text().startsWith("retry: "), id + " opens with retry");
                }
                if (e.events() != null) {
                    List<ParsedEvent> got = t.transcript().events();
                    List<ParsedEvent> want = new ArrayList<>();
                    for (ExpectedEvent x : e.events()) {
                        want.add(new ParsedEvent(x.type(), x.data(), x.lastEventId()));
                    }
                    assertEquals(want, got, () -> id + " events: " + Escapes.quote(t.text()));
                }
                if ("closed".equals(e.end())) {
                    assertTrue(t.endCalled || t.abortCalled, id + " ends");
                }
            } else {
                String text = Harness.body(r);
                for (String s : e.bodyContains()) {
                    assertTrue(text.contains(s), id + " body contains " + s + ": " + text);
                }
                for (String f : e.jsonFields()) {
                    assertTrue(text.contains("\"" + f + "\":"), id + " JSON has " + f + ": " + text);
                }
                if (e.events() != null) {
                    assertTrue(e.events().isEmpty());
                    assertEquals(0, ((SseResponse.Full) r).body().length, id + " has no body");
                }
            }
        }
    }

    private static void runBroadcast(StreamVector v) {
        try (Harness h = new Harness(config(v.config()))) {
            JsonNode p = v.params();
            String auth = "Bearer " + p.path("token").asText();
            List<String> published = new ArrayList<>();
            p.path("publish").forEach(n -> published.add(n.asText()));
            if ("broadcast".equals(v.scenario())) {
                List<FakeTransport> subs = new ArrayList<>();
                for (int i = 0; i < p.path("subscribers").asInt(); i++) {
                    subs.add(h.open("/api/feed"));
                }
                for (String d : published) {
                    assertEquals(202, h.post("/api/feed", d, "Authorization", auth).status());
                }
                h.clock.runDue(); // wake-ups handed to the scheduler
                List<ParsedEvent> first = subs.get(0).transcript().events();
                assertEquals(v.scenarioExpected().path("count").asInt(), first.size());
                for (FakeTransport t : subs) {
                    assertEquals(first, t.transcript().events());
                }
            } else {
                List<String> ids = new ArrayList<>();
                for (String d : published) {
                    ids.add(Harness.body(h.post("/api/feed", d, "Authorization", auth)));
                }
                String after = ids.get(p.path("resumeAfterIndex").asInt() - 1);
                FakeTransport t = h.open("/api/feed", "Last-Event-ID", after);
                List<String> want = new ArrayList<>();
                v.scenarioExpected().path("replayedData").forEach(n -> want.add(n.asText()));
                assertEquals(want, t.transcript().events().stream().map(ParsedEvent::data).toList());
                assertFalse(t.abortCalled);
            }
        }
    }
}
