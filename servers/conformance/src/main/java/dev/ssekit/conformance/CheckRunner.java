package dev.ssekit.conformance;

import dev.ssekit.spec.StreamVector;
import dev.ssekit.spec.Vectors;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.net.Socket;
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
 * {@code not-applicable}, with the reason. Used by the JUnit face ({@code ServerConformance}, module
 * {@code servers/conformance-junit}), by {@code sse-kit check} and by {@code sse-kit compare}.
 */
public final class CheckRunner {

    private final CheckOptions options;
    private final Features features;
    private final String streamPath;
    private final String document;
    private final GenericChecks generic;
    private final List<ConformanceCheck> checks;

    private CheckRunner(CheckOptions options, Features features) {
        this.options = options;
        this.features = features;
        Target t = options.target();
        if (options.document() != null) {
            streamPath = t.streamPath();
            document = options.document();
        } else if (features.has(Offer.CONTRACT) && t.streamIsContractDefault()) {
            // The contract lets the suite pick a stream whose every piece it knows.
            streamPath = t.path(Features.PROBE_PATH);
            document = Features.PROBE_DOCUMENT;
        } else {
            streamPath = t.streamPath();
            document = null;
        }
        generic = new GenericChecks(t, streamPath, document, options.timeoutMs(), options.capture());
        List<ConformanceCheck> list = new ArrayList<>(generic.checks());
        ScenarioContext scenarios = new ScenarioContext(t, options.timeoutMs(), options.capture(), options.heapProbe());
        for (StreamVector v : Vectors.stream()) {
            list.add(new ConformanceCheck(v.id(), v.requirements(), v.description(), ResultEntry.VECTOR,
                    c -> runVector(c, v, scenarios)));
        }
        checks = Collections.unmodifiableList(list);
    }

    /**
     * Connects to the target (failing with {@link TargetUnreachableException} when nothing listens there), then finds
     * out what it offers beyond what it is declared to offer.
     */
    public static CheckRunner prepare(CheckOptions options) {
        Target t = options.target();
        try (Socket s = t.connect(Exchange.CONNECT_TIMEOUT_MS, 0)) {
            s.getOutputStream().flush();
        } catch (IOException e) {
            throw new TargetUnreachableException("cannot connect to " + t.authority() + " (" + t.streamUrl() + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        Features f = Features.detect(t, options.timeoutMs(), options.capture(), options.offered());
        return new CheckRunner(options, f);
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

    /** Facts for the results file's {@code meta}. */
    public Map<String, String> meta() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("url", options.target().streamUrl());
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
        features.notes().forEach((k, v) -> m.put("feature." + k, v));
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
                why.add(features.notes().get(n.key()));
            }
        });
        return why;
    }
}
