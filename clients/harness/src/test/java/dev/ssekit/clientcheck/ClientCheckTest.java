package dev.ssekit.clientcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.clientcheck.ReferenceService.Flaw;
import dev.ssekit.spec.ClientScenario;
import dev.ssekit.spec.Vectors;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The harness against a reference test service that passes everything, and against broken variants of it. */
class ClientCheckTest {

    @BeforeAll
    static void specFromCheckout() {
        Path root = Path.of(System.getProperty("sse.root", "../..")).toAbsolutePath().normalize();
        System.setProperty("sse.spec.dir", root.resolve("spec").toString());
    }

    static Map<String, ResultEntry> check(String name, int parallel, Flaw... flaws) throws Exception {
        try (ReferenceService service = new ReferenceService(flaws);
                ClientCheck check = ClientCheck.prepare(ClientCheckOptions.of(service.baseUri(), name, "reference " + name, "test")
                        .withParallel(parallel))) {
            Map<String, ResultEntry> out = new ConcurrentHashMap<>();
            check.run((s, e) -> { }).forEach(e -> out.put(e.id(), e));
            check.report().writeTo(Path.of(System.getProperty("sse.conformance.dir", "target/conformance")));
            return out;
        }
    }

    static Set<String> failing(Map<String, ResultEntry> results) {
        return results.values().stream().filter(e -> e.outcome() == Outcome.FAIL || e.outcome() == Outcome.NON_STRICT)
                .map(ResultEntry::id).collect(Collectors.toCollection(TreeSet::new));
    }

    static String show(Map<String, ResultEntry> results, Set<String> ids) {
        return ids.stream().map(id -> results.get(id).outcome() + " " + id + "\n" + results.get(id).detail())
                .collect(Collectors.joining("\n"));
    }

    @Test
    @DisplayName("[PROC-011,PROC-013,PROC-015,PROC-005] a correct client passes every scenario (4 at a time, under 60 s)")
    void correctClientPassesEverything() throws Exception {
        long t0 = System.nanoTime();
        Map<String, ResultEntry> results = check("reference", 4);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[sse-kit] client-check of the reference service: " + results.size() + " scenarios in " + ms + " ms");
        Map<String, String> notPass = new TreeMap<>();
        results.values().stream().filter(e -> e.outcome() != Outcome.PASS)
                .forEach(e -> notPass.put(e.id(), e.outcome() + ": " + e.detail()));
        // the service claims no "last-event-id": that scenario alone is not-applicable
        assertEquals(Set.of("client/request/initial-last-event-id"), notPass.keySet(), () -> notPass.toString());
        assertEquals(Outcome.NOT_APPLICABLE, results.get("client/request/initial-last-event-id").outcome());
        assertTrue(results.get("client/request/initial-last-event-id").detail().contains("last-event-id"));
        assertEquals(Vectors.client().size(), results.size());
        assertTrue(ms < 90_000, "took " + ms + " ms");
    }

    @Test
    @DisplayName("[KIT-016] a service that cannot create a client leaves every scenario not-run with the reason, never failed")
    void refusedCreateIsNotRun() throws Exception {
        Map<String, ResultEntry> results = check("refusing", 12, Flaw.REFUSES_CREATE);
        Set<Outcome> outcomes = results.values().stream().map(ResultEntry::outcome).collect(Collectors.toSet());
        // the scenario that needs a capability the service lacks is not-applicable before any create
        assertEquals(Set.of(Outcome.NOT_RUN, Outcome.NOT_APPLICABLE), outcomes, () -> results.toString());
        ResultEntry one = results.get("client/retry/honoured");
        assertTrue(one.detail().contains("500"), one.detail());
    }

    @Test
    @DisplayName("[PROC-013,PARSE-019,PROC-015,PROC-005,PROC-006,PROC-014,PROC-028] each broken client fails exactly the scenarios that show its flaw")
    void brokenClientsFailExactlyTheirScenarios() throws Exception {
        Set<String> withLastEventId = Vectors.client().stream()
                .filter(s -> s.attempts().stream().anyMatch(a -> a.request() != null && a.request().lastEventId() != null))
                .filter(s -> s.needs().isEmpty())
                .map(ClientScenario::id).collect(Collectors.toCollection(TreeSet::new));
        Map<Flaw, Set<String>> want = Map.of(
                Flaw.IGNORES_RETRY, Set.of("client/retry/honoured"),
                Flaw.NO_LAST_EVENT_ID, withLastEventId,
                Flaw.RETRIES_AFTER_204, Set.of("client/fail/status-204", "client/fail/status-204-on-reconnect"),
                Flaw.NO_DELAY, Set.of("client/retry/honoured", "client/retry/default-delay"),
                Flaw.IGNORES_CONTENT_TYPE, Set.of("client/fail/content-type-text-plain",
                        "client/fail/content-type-event-stream-foobar", "client/fail/content-type-missing"),
                Flaw.FORGETS_REDIRECT, Set.of("client/redirect/status-301", "client/redirect/status-302",
                        "client/redirect/status-303", "client/redirect/status-307", "client/redirect/status-308"));
        Map<Flaw, Map<String, ResultEntry>> got = new ConcurrentHashMap<>();
        List<Thread> runs = want.keySet().stream().map(f -> new Thread(() -> {
            try {
                got.put(f, check("broken-" + f.name().toLowerCase().replace('_', '-'), 12, f));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).toList();
        runs.forEach(Thread::start);
        for (Thread t : runs) {
            t.join();
        }
        for (Flaw f : want.keySet()) {
            Map<String, ResultEntry> r = got.get(f);
            assertEquals(new TreeSet<>(want.get(f)), failing(r), () -> f + ":\n" + show(r, failing(r)));
        }
        assertEquals(Outcome.NON_STRICT, got.get(Flaw.NO_DELAY).get("client/retry/default-delay").outcome());
        ResultEntry retry = got.get(Flaw.IGNORES_RETRY).get("client/retry/honoured");
        assertTrue(retry.detail().startsWith("[PROC-013,PARSE-019] client/retry/honoured\n"), retry.detail());
        assertTrue(retry.actual().startsWith("attempt 2 after "), retry.actual());
    }
}
