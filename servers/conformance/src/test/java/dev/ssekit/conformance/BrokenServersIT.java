package dev.ssekit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.conformance.BrokenServer.Defect;
import dev.ssekit.spec.StreamVector;
import dev.ssekit.spec.Vectors;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The suite's self-test: for each check, a server broken in exactly that way ({@link BrokenServer}), on which the
 * check must catch the defect (fail, non-strict for a SHOULD, info where the check only informs) while every other
 * case says what it says on the same server unbroken, where the check passes. Every generic check, every scenario
 * vector, and every member of every request vector's expectation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokenServersIT {

    /** Where the generic checks read, and how long each read may last. */
    enum Read {
        /** The contract's probe, all at once: the checks' own choice for a contract server. */
        PROBE("/api/sse?doc=probe&interval=0", Features.PROBE_DOCUMENT, 3_000),
        /** The probe, one piece every 150 ms: a response that takes over a second, for the flush check. */
        PACED("/api/sse?doc=probe&interval=150", Features.PROBE_DOCUMENT, 5_000),
        /** One piece, then quiet for an hour: for the heartbeat check, which needs 20 s of quiet. */
        QUIET("/api/sse?doc=probe&interval=3600000", null, TimingChecks.HEARTBEAT_QUIET_MS + 2_000);

        final String path;
        final String document;
        final long timeoutMs;

        Read(String path, String document, long timeoutMs) {
            this.path = path;
            this.document = document;
            this.timeoutMs = timeoutMs;
        }
    }

    /** A generic check, the defect it must catch, and what else that defect changes of necessity. */
    record Generic(String check, Defect defect, Read stream, Outcome caught, Map<String, Outcome> alsoChanged) {
    }

    private static final List<Generic> GENERIC = List.of(
            new Generic("check/generic/status", Defect.WRONG_STATUS, Read.PROBE, Outcome.FAIL,
                    allBut("check/generic/status", "check/generic/content-type")),
            new Generic("check/generic/content-type", Defect.WRONG_CONTENT_TYPE, Read.PROBE, Outcome.FAIL,
                    allBut("check/generic/status", "check/generic/content-type")),
            new Generic("check/generic/charset", Defect.WRONG_CHARSET, Read.PROBE, Outcome.FAIL, Map.of()),
            new Generic("check/generic/no-store", Defect.CACHEABLE, Read.PROBE, Outcome.NON_STRICT, Map.of()),
            // the spec sets no line limit: a line past the parser's is a fact to report, not a failure
            new Generic("check/generic/parse", Defect.OVERLONG_LINE, Read.PROBE, Outcome.INFO, Map.of()),
            new Generic("check/generic/utf-8", Defect.INVALID_UTF8, Read.PROBE, Outcome.FAIL, Map.of()),
            new Generic("check/generic/flush", Defect.BUFFERS_UNTIL_END, Read.PACED, Outcome.NON_STRICT, Map.of()),
            new Generic("check/generic/head", Defect.HOLDS_HEAD, Read.PACED, Outcome.NON_STRICT, Map.of()),
            // a server that never sends the event field ignores the event parameter too: nothing to inject into
            new Generic("check/generic/event-type", Defect.TYPE_MESSAGE, Read.PROBE, Outcome.FAIL,
                    Map.of(FieldInjectionCheck.ID, Outcome.NOT_APPLICABLE)),
            // a stream may serve only its own origin: no CORS header at all is reported, not held against it
            new Generic("check/generic/cors", Defect.NO_CORS, Read.PROBE, Outcome.INFO, Map.of()),
            new Generic("check/generic/cors-credentials", Defect.WILDCARD_WITH_CREDENTIALS, Read.PROBE, Outcome.FAIL, Map.of()),
            // the page repeats its text for ever: a MUST (API-008) where the document is known, as here
            new Generic("check/document/reconnect", Defect.REPLAYS_AFTER_END, Read.PROBE, Outcome.FAIL,
                    Map.of("check/generic/end", Outcome.NON_STRICT)),
            // retry is a MAY: its absence is reported, not held against the server
            new Generic("check/generic/retry", Defect.NO_RETRY, Read.PROBE, Outcome.INFO, Map.of()),
            new Generic("check/generic/ids", Defect.NO_IDS, Read.PROBE, Outcome.NON_STRICT,
                    // without ids the reconnect after the end sends no Last-Event-ID and gets the whole stream again
                    Map.of("check/generic/resume", Outcome.NOT_APPLICABLE, "check/generic/end", Outcome.NON_STRICT,
                            "check/document/reconnect", Outcome.FAIL)),
            new Generic("check/generic/resume", Defect.REPEATS_ON_RESUME, Read.PROBE, Outcome.NON_STRICT, Map.of()),
            new Generic("check/generic/heartbeat", Defect.NO_HEARTBEAT, Read.QUIET, Outcome.NON_STRICT, Map.of()),
            new Generic("check/generic/end", Defect.NO_204_AFTER_END, Read.PROBE, Outcome.NON_STRICT, Map.of()),
            new Generic("check/document/round-trip", Defect.WRONG_PIECE, Read.PROBE, Outcome.FAIL, Map.of()),
            new Generic("check/document/newlines", Defect.LOSES_NEWLINE, Read.PROBE, Outcome.FAIL,
                    Map.of("check/document/round-trip", Outcome.FAIL)),
            new Generic("check/document/spaces", Defect.LOSES_LONE_SPACE, Read.PROBE, Outcome.FAIL,
                    Map.of("check/document/round-trip", Outcome.FAIL)),
            new Generic("check/document/code-points", Defect.SPLITS_SURROGATES, Read.PROBE, Outcome.FAIL,
                    Map.of("check/document/round-trip", Outcome.FAIL, "check/generic/utf-8", Outcome.INFO)),
            new Generic("check/document/end", Defect.NEVER_ENDS, Read.PROBE, Outcome.FAIL,
                    Map.of("check/generic/end", Outcome.INFO, "check/generic/heartbeat", Outcome.PASS,
                            "check/document/reconnect", Outcome.NOT_RUN)),
            new Generic("check/generic/field-injection", Defect.RAW_EVENT_TYPE, Read.PROBE, Outcome.FAIL, Map.of()));

    /** Each scenario vector and the defect it must catch. */
    private static final Map<String, Defect> SCENARIOS = Map.of(
            "stream/api/first-event-flushed", Defect.HOLDS_FIRST_EVENT,
            "stream/api/heartbeat", Defect.NO_HEARTBEAT,
            "stream/api/disconnect-cleanup", Defect.LEAKS_STREAMS,
            "stream/feed/slow-reader", Defect.NEVER_DROPS_SLOW_READER,
            "stream/feed/same-ids-for-all", Defect.SKIPS_FIRST_SUBSCRIBER,
            "stream/feed/replay-from-ring", Defect.NO_REPLAY);

    /** A slow reader's stream, read once the server should have dropped it, can pass the default 16 MiB. */
    /** Bounds the reads of a scenario that waits for what a broken server never sends. */
    private static final long SCENARIO_TIMEOUT_MS = 3_000;
    private static final CaptureBound LARGE = new CaptureBound(64L << 20, CaptureBound.DEFAULT_MAX_EVENTS);

    private final Map<String, CompletableFuture<Map<String, ResultEntry>>> runs = new ConcurrentHashMap<>();
    private final AtomicInteger caught = new AtomicInteger();

    @AfterAll
    void report() {
        System.out.println("[sse-kit] suite self-test: " + caught.get() + " checks x broken servers, all caught");
    }

    @TestFactory
    @DisplayName("[AUTH-001,KIT-014] every generic check catches a server broken in exactly its way")
    Stream<DynamicTest> genericChecks() {
        // the two 22 s reads of a quiet stream run beside the rest
        generic(Defect.NONE, Read.QUIET);
        generic(Defect.NO_HEARTBEAT, Read.QUIET);
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("[AUTH-001] every generic check has its broken server", () -> assertEquals(
                genericIds(), GENERIC.stream().map(Generic::check).collect(Collectors.toCollection(TreeSet::new)))));
        for (Generic g : GENERIC) {
            String reqs = String.join(",", check(g.check()).requirements());
            tests.add(DynamicTest.dynamicTest("[" + reqs + "] " + g.check() + " passes on the unbroken server (" + g.stream() + ")",
                    () -> assertOutcome(g.check(), Outcome.PASS, generic(Defect.NONE, g.stream()).join())));
            tests.add(DynamicTest.dynamicTest("[" + reqs + "] " + g.check() + " catches " + g.defect(), () -> {
                Map<String, ResultEntry> control = generic(Defect.NONE, g.stream()).join();
                Map<String, ResultEntry> broken = generic(g.defect(), g.stream()).join();
                assertOutcome(g.check(), g.caught(), broken);
                for (String id : control.keySet()) {
                    if (!id.equals(g.check())) {
                        Outcome want = g.alsoChanged().getOrDefault(id, control.get(id).outcome());
                        assertOutcome(id, want, broken);
                    }
                }
                caught.incrementAndGet();
            }));
        }
        return tests.stream();
    }

    @TestFactory
    @DisplayName("[API-004,API-010,API-016,API-019,API-020,API-024] every scenario vector catches its broken server")
    Stream<DynamicTest> scenarioVectors() {
        List<DynamicTest> tests = new ArrayList<>();
        List<StreamVector> scenarios = Vectors.stream().stream().filter(StreamVector::isScenario).toList();
        tests.add(DynamicTest.dynamicTest("[API-016] every scenario vector has its broken server", () -> assertEquals(
                scenarios.stream().map(StreamVector::id).collect(Collectors.toCollection(TreeSet::new)), new TreeSet<>(SCENARIOS.keySet()))));
        for (StreamVector v : scenarios) {
            String reqs = String.join(",", v.requirements());
            Defect defect = SCENARIOS.get(v.id());
            tests.add(DynamicTest.dynamicTest("[" + reqs + "] " + v.id() + " passes on the unbroken server",
                    () -> assertEquals(Outcome.PASS, vector(v, Defect.NONE).outcome(), () -> vector(v, Defect.NONE).detail())));
            tests.add(DynamicTest.dynamicTest("[" + reqs + "] " + v.id() + " catches " + defect, () -> {
                ResultEntry e = vector(v, defect);
                assertEquals(Outcome.ofFailure(v.requirements()), e.outcome(), e::toString);
                caught.incrementAndGet();
            }));
        }
        return tests.stream();
    }

    @TestFactory
    @DisplayName("[API-001,API-005,CORS-005] every request vector catches a response with any one member of its expectation wrong")
    Stream<DynamicTest> requestVectors() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (StreamVector v : Vectors.stream()) {
            if (v.isScenario()) {
                continue;
            }
            String reqs = String.join(",", v.requirements());
            List<String> members = BrokenServer.members(v);
            tests.add(DynamicTest.dynamicTest("[" + reqs + "] " + v.id() + " passes on its expected response", () -> {
                assertFalse(members.isEmpty(), v.id() + " expects nothing a response can get wrong");
                ResultEntry e = replay(v, null);
                assertEquals(Outcome.PASS, e.outcome(), e::detail);
            }));
            for (String m : members) {
                if (m.equals("headers." + RequestVectors.ACCEL)) {
                    // the kit's servers' header for nginx, which strips it: its absence is noted, never a failure
                    tests.add(DynamicTest.dynamicTest("[" + reqs + "] " + v.id() + " only notes a missing " + RequestVectors.ACCEL,
                            () -> {
                                ResultEntry e = replay(v, m);
                                assertEquals(Outcome.PASS, e.outcome(), e::toString);
                                assertTrue(e.detail().contains("no " + RequestVectors.ACCEL), e::detail);
                            }));
                    continue;
                }
                tests.add(DynamicTest.dynamicTest("[" + reqs + "] " + v.id() + " catches a wrong " + m, () -> {
                    ResultEntry e = replay(v, m);
                    assertEquals(Outcome.ofFailure(v.requirements()), e.outcome(), e::toString);
                    caught.incrementAndGet();
                }));
            }
        }
        return tests.stream();
    }

    /** The generic checks against the server with {@code defect}, each combination run once (the quiet ones at once). */
    private CompletableFuture<Map<String, ResultEntry>> generic(Defect defect, Read stream) {
        return runs.computeIfAbsent(defect + " " + stream, k -> stream == Read.QUIET
                ? CompletableFuture.supplyAsync(() -> runGeneric(defect, stream))
                : CompletableFuture.completedFuture(runGeneric(defect, stream)));
    }

    private static Map<String, ResultEntry> runGeneric(Defect defect, Read stream) {
        try (BrokenServer server = BrokenServer.with(defect)) {
            CheckOptions o = CheckOptions.external(server.target(stream.path), stream.timeoutMs, stream.document)
                    .withOffered(EnumSet.allOf(Offer.class)).withEventType("lol");
            Map<String, ResultEntry> out = new LinkedHashMap<>();
            for (ConformanceCheck c : CheckRunner.prepare(o).checks()) {
                if (c.id().startsWith("check/")) {
                    out.put(c.id(), c.run());
                }
            }
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private final Map<String, ResultEntry> vectorRuns = new ConcurrentHashMap<>();

    private ResultEntry vector(StreamVector v, Defect defect) {
        return vectorRuns.computeIfAbsent(v.id() + " " + defect, k -> {
            try (BrokenServer server = BrokenServer.with(defect)) {
                CheckOptions o = CheckOptions.external(server.target("/api/sse"), SCENARIO_TIMEOUT_MS, null)
                        .withOffered(EnumSet.allOf(Offer.class)).withCapture(LARGE);
                return only(o, v.id());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static ResultEntry replay(StreamVector v, String brokenMember) throws java.io.IOException {
        try (BrokenServer server = BrokenServer.replaying(v, brokenMember)) {
            // short: a response held open is judged when this passes
            CheckOptions o = CheckOptions.external(server.target("/api/sse"), 1_000, null).withOffered(EnumSet.allOf(Offer.class));
            return only(o, v.id());
        }
    }

    private static ResultEntry only(CheckOptions o, String id) {
        return CheckRunner.prepare(o).checks().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().run();
    }

    private static ConformanceCheck check(String id) {
        return new GenericChecks(Target.of("http://127.0.0.1:9"), "/", null, 1, CaptureBound.DEFAULT).checks().stream()
                .filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private static Set<String> genericIds() {
        return new GenericChecks(Target.of("http://127.0.0.1:9"), "/", null, 1, CaptureBound.DEFAULT).checks().stream()
                .map(ConformanceCheck::id).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every generic check but {@code except}: not-run, as on anything that is not an event stream. */
    private static Map<String, Outcome> allBut(String... except) {
        Map<String, Outcome> m = new LinkedHashMap<>();
        genericIds().forEach(id -> m.put(id, Outcome.NOT_RUN));
        for (String e : except) {
            m.remove(e);
        }
        return m;
    }

    private static void assertOutcome(String id, Outcome want, Map<String, ResultEntry> results) {
        ResultEntry e = results.get(id);
        assertEquals(want, e.outcome(), () -> id + ": " + e.detail());
    }
}
