package dev.ssekit.conformance;

import dev.ssekit.spec.StreamVector;
import dev.ssekit.spec.Vectors;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server conformance engine, plain Java: the generic checks for any event-stream URL, then every stream vector
 * of the spec, each as a {@link ConformanceCheck}. Vectors that need what the target does not offer are
 * {@code not-applicable}, with the reason. Over HTTP/2 the same cases run, and the h2 cases ({@link H2Checks}) with
 * them; over HTTP/1.1 those are not-applicable. Used by the JUnit face ({@code ServerConformance}, module
 * {@code servers/conformance-junit}), by {@code sse-kit check} and by {@code sse-kit compare}.
 */
public final class CheckRunner {

    private final CheckOptions options;
    private final Features features;
    private final String streamPath;
    private final String document;
    private final Pacing pacing;
    private final GenericChecks generic;
    private final List<ConformanceCheck> checks;

    private CheckRunner(CheckOptions options, Features features, String streamPath, String document, Pacing pacing) {
        this.options = options;
        this.features = features;
        this.streamPath = streamPath;
        this.document = document;
        this.pacing = pacing;
        Target t = options.target();
        long budget = caseBudgetMs(options.timeoutMs());
        // The contract's events are of type lol unless asked otherwise, as the tutorial's page expects.
        String type = options.eventType() != null ? options.eventType()
                : features.has(Offer.CONTRACT) && t.streamIsContractDefault() && options.document() == null ? "lol" : null;
        CheckedStream stream = new CheckedStream(t, streamPath, document, options.timeoutMs(), options.capture(), pacing, type);
        generic = new GenericChecks(stream);
        List<ConformanceCheck> list = new ArrayList<>();
        // the full read may wait for the whole document at the given pace, so the budget covers it
        long genericBudget = Math.max(budget, 3 * stream.fullReadMs() + 15_000);
        generic.checks().forEach(g -> list.add(g.withBudget(genericBudget)));
        list.addAll(new H2Checks(t, streamPath, options.timeoutMs(), options.capture(), features.has(Offer.STATS)).checks()
                .stream().map(h -> h.withBudget(budget)).toList());
        ScenarioContext scenarios = new ScenarioContext(t, options.timeoutMs(), options.capture(), options.heapProbe());
        for (StreamVector v : Vectors.stream()) {
            list.add(new ConformanceCheck(v.id(), v.requirements(), v.description(), ResultEntry.VECTOR,
                    c -> runVector(c, v, scenarios), budget));
        }
        checks = Collections.unmodifiableList(list);
    }

    /**
     * The time budget of a case: three reads to the timeout and a margin. A case that runs out of it is not-run with
     * the reason, so a whole run against a server that answers nothing in time stays bounded.
     */
    public static long caseBudgetMs(long timeoutMs) {
        return 3 * timeoutMs + 15_000;
    }

    /**
     * Connects to the target (failing with {@link TargetUnreachableException} when nothing listens there), then finds
     * out what it offers beyond what it is declared to offer.
     */
    public static CheckRunner prepare(CheckOptions options) {
        Target t = options.target();
        try {
            // the protocol is settled once: every exchange of the run speaks what this connection spoke
            t = t.negotiate(Exchange.CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            throw new TargetUnreachableException("cannot connect to " + t.authority() + " (" + t.streamUrl() + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        options = options.withTarget(t);
        Features f = Features.detect(t, options.timeoutMs(), options.capture(), options.offered());
        String streamPath;
        String document;
        Pacing pacing;
        if (options.document() == null && f.has(Offer.CONTRACT) && t.streamIsContractDefault()) {
            // The contract lets the suite pick a stream whose every piece it knows.
            streamPath = t.path(Features.PROBE_PATH);
            document = Features.PROBE_DOCUMENT;
            pacing = Pacing.contract(options.paceMs());
        } else {
            streamPath = t.streamPath();
            document = options.document();
            if (f.has(Offer.CONTRACT)) {
                pacing = Pacing.contract(options.paceMs());
                if (!Pacing.hasParam(streamPath, "interval")) {
                    streamPath = Pacing.withParam(streamPath, "interval", "0");
                }
            } else if (Pacing.hasParam(streamPath, "interval")) {
                pacing = Pacing.given(options.paceMs(), "the URL names its own interval, so the stream is read as it is");
            } else if (options.paceMs() > 0) {
                pacing = Pacing.given(options.paceMs(), "given: an event every " + options.paceMs() + " ms");
            } else {
                pacing = Pacing.detect(t, streamPath, Math.min(options.timeoutMs(), 3_000), options.capture(), 0);
                if (pacing.honoured()) {
                    streamPath = Pacing.withParam(streamPath, "interval", "0");
                }
            }
        }
        return new CheckRunner(options, f, streamPath, document, pacing);
    }

    /** The protocol the run speaks: {@code http/1.1}, {@code h2} (TLS, by ALPN) or {@code h2c} (prior knowledge). */
    public String protocol() {
        return options.target().protocolName();
    }

    /** The target as the run reaches it, its protocol settled. */
    public Target target() {
        return options.target();
    }

    public Features features() {
        return features;
    }

    public List<ConformanceCheck> checks() {
        return checks;
    }

    /** The event-stream path the generic checks read. */
    public String streamPath() {
        return streamPath;
    }

    /**
     * How the generic checks' read of the stream was cut at the capture bound ({@code cut at the capture bound of
     * 16 MiB after 80 ms}), or null when it was not, or has not been made yet.
     */
    public String streamCut() {
        return generic.streamCut();
    }

    /**
     * Where the checked stream's URL led after the redirects followed so far (the URL itself when none); known once the
     * checks have run.
     */
    public String finalStreamUrl() {
        return options.target().client().finalUrl(options.target().url(streamPath));
    }

    /** Every redirect followed so far, {@code from -> status -> to}. */
    public List<String> redirects() {
        return options.target().client().redirects().stream().map(Object::toString).distinct().toList();
    }

    /** What was found out about the target, keyed as in the results' meta without {@code feature.}: said once per run. */
    public Map<String, String> notes() {
        Map<String, String> m = new LinkedHashMap<>(features.notes());
        m.put("interval", pacing.note());
        return m;
    }

    /**
     * How the generic checks' read was cut by {@code --timeout-ms} before the document had all arrived, with the
     * stream's pace and the timeout that would wait for it; null when it was not, or has not been made yet.
     */
    public String streamCutByDeadline() {
        return generic.streamCutByDeadline();
    }

    /** Facts for the results file's {@code meta}. */
    public Map<String, String> meta() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("url", options.target().streamUrl());
        m.put("protocol", protocol());
        m.put("streamChecked", options.target().url(streamPath));
        m.put("timeoutMs", String.valueOf(options.timeoutMs()));
        m.put("captureBound", options.capture().toString());
        ClientOptions client = options.target().client();
        if (client.customStreamRequest()) {
            m.put("streamMethod", client.streamMethod());
        }
        if (!client.headers().isEmpty()) {
            // names only: values may be credentials
            m.put("headersGiven", String.join(", ", client.headers().keySet()));
        }
        m.put("document", document == null ? "unknown" : document.equals(Features.PROBE_DOCUMENT) ? "probe" : "given");
        notes().forEach((k, v) -> m.put("feature." + k, v));
        m.put("caseBudgetMs", String.valueOf(caseBudgetMs(options.timeoutMs())));
        return m;
    }

    private ResultEntry runVector(ConformanceCheck c, StreamVector v, ScenarioContext scenarios) {
        Scenario scenario = null;
        Set<Offer> needs = EnumSet.noneOf(Offer.class);
        if (v.isScenario()) {
            try {
                scenario = Scenario.of(v);
            } catch (IllegalArgumentException e) {
                return Results.notRun(c, e.getMessage());
            }
            needs.addAll(scenario.needs());
        } else {
            needs.addAll(Offer.forPath(v.request().path()));
        }
        if (v.config() != null) {
            needs.add(Offer.SUITE_SETTINGS);
        }
        List<String> missing = missing(v, needs);
        if (!missing.isEmpty()) {
            return Results.notApplicable(c, String.join("; ", missing));
        }
        if (scenario != null) {
            return scenario.run(c, scenarios);
        }
        return RequestVectors.run(c, v, options.target(), options.timeoutMs(), options.capture());
    }

    /** Why the vector does not apply to this target, one reason per missing offer; empty when it does. */
    private List<String> missing(StreamVector v, Set<Offer> needs) {
        List<String> why = new ArrayList<>();
        needs.stream().sorted(Comparator.comparing(Offer::key)).forEach(n -> {
            if (n == Offer.SUITE_SETTINGS && features.has(n)) {
                List<String> off = SuiteSettings.STANDARD.mismatches(v.config());
                if (!off.isEmpty()) {
                    why.add("needs the server settings " + v.config() + ", which the suite's settings do not satisfy ("
                            + String.join(", ", off) + ")");
                }
            } else if (n == Offer.SUITE_SETTINGS) {
                why.add("needs the server settings " + v.config()
                        + ", which this runner cannot set (sse-kit check --suite-config when the server runs with them)");
            } else if (!features.has(n)) {
                // why it is missing is said once, in the run's header and the results' meta, not in every case
                why.add("needs the target's " + n.key() + ", which it does not offer (see feature." + n.key() + ")");
            }
        });
        return why;
    }
}
