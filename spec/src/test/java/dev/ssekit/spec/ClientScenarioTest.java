package dev.ssekit.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The client scenarios as {@link Vectors#client()} loads them: complete, citing known requirements, playable. */
class ClientScenarioTest {

    static List<ClientScenario> scenarios;

    @BeforeAll
    static void load() {
        Path root = Path.of(System.getProperty("sse.root", "..")).toAbsolutePath().normalize();
        System.setProperty("sse.spec.dir", root.resolve("spec").toString());
        scenarios = Vectors.client();
    }

    @Test
    @DisplayName("every client scenario loads, with an ID, a title and at least one attempt")
    void everyScenarioLoads() {
        assertTrue(scenarios.size() >= 40, "client scenarios: " + scenarios.size());
        for (ClientScenario s : scenarios) {
            assertTrue(s.id().startsWith("client/" + s.group() + "/"), s.id());
            assertFalse(s.title().isBlank(), s.id());
            assertFalse(s.attempts().isEmpty(), s.id());
        }
    }

    @Test
    @DisplayName("every client scenario cites existing requirement IDs")
    void everyScenarioCitesKnownRequirements() {
        Requirements reqs = Requirements.load();
        List<String> problems = new ArrayList<>();
        for (ClientScenario s : scenarios) {
            if (s.requirements().isEmpty()) {
                problems.add(s.id() + ": cites nothing");
            }
            s.requirements().stream().filter(id -> reqs.find(id).isEmpty()).forEach(id -> problems.add(s.id() + ": " + id));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    @DisplayName("every attempt has one action; redirects lead to a later attempt on their path; waits stay within the events")
    void everyScenarioIsPlayable() {
        List<String> problems = new ArrayList<>();
        for (ClientScenario s : scenarios) {
            List<ClientScenario.Attempt> as = s.attempts();
            for (int i = 0; i < as.size(); i++) {
                ClientScenario.Attempt a = as.get(i);
                int actions = (a.response() != null ? 1 : 0) + (a.redirect() != null ? 1 : 0) + (a.drop() != null ? 1 : 0);
                if (actions != 1) {
                    problems.add(s.id() + " attempt " + (i + 1) + ": " + actions + " actions");
                }
                if (a.redirect() != null && (i + 1 >= as.size() || !as.get(i + 1).path().equals(a.redirect().to()))) {
                    problems.add(s.id() + " attempt " + (i + 1) + ": the redirect's target is not the next attempt's path");
                }
                if (a.delayMs() != null && a.delayMs().min() > a.delayMs().max()) {
                    problems.add(s.id() + " attempt " + (i + 1) + ": delay min above max");
                }
                if (a.response() != null) {
                    for (ClientScenario.Step step : a.response().body()) {
                        if (step.awaitEvents() != null && step.awaitEvents() > s.expect().events().size()) {
                            problems.add(s.id() + ": waits for more events than it expects");
                        }
                    }
                    if (!Set.of("close", "open", "reset").contains(a.response().end())) {
                        problems.add(s.id() + ": end " + a.response().end());
                    }
                    if ("open".equals(a.response().end()) && i + 1 < as.size()) {
                        problems.add(s.id() + ": an attempt left open is not the last");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    @DisplayName("the loader reads bytes, nulls and defaults as the schema defines them")
    void loaderReadsTheSchemaDefaults() {
        ClientScenario first = find("client/request/first-attempt-headers");
        ClientScenario.Request r = first.attempts().get(0).request();
        assertTrue(r.lastEventIdAbsent());
        assertEquals("text/event-stream", r.accept());
        assertEquals(ClientScenario.DEFAULT_INITIAL_DELAY_MS, first.config().initialDelayMs());
        assertEquals("text/event-stream", first.attempts().get(0).response().contentType());
        assertEquals("open", first.attempts().get(0).response().end());
        ClientScenario utf8 = find("client/last-event-id/sent-as-utf8");
        assertEquals("c3 a9 e2 82 ac f0 9f 98 80", Escapes.hex(utf8.attempts().get(1).request().lastEventId(), 100));
        assertEquals(null, find("client/retry/default-delay").config().initialDelayMs());
        assertEquals(null, find("client/fail/content-type-missing").attempts().get(0).response().contentType());
    }

    private static ClientScenario find(String id) {
        return scenarios.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id));
    }
}
