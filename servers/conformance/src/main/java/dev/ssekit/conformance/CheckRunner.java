package dev.ssekit.conformance;

import dev.ssekit.spec.StreamVector;
import dev.ssekit.spec.Vectors;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The server conformance engine, plain Java: the generic checks for any event-stream URL, then every stream vector
 * of the spec, each as a {@link ConformanceCheck}. Vectors that need what the target does not offer are
 * {@code not-applicable}, with the reason. Used by {@link ServerConformance} and by {@code sse-kit check}.
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
        } else if (features.contract() && t.streamIsContractDefault()) {
            // The contract lets the suite pick a stream whose every piece it knows.
            streamPath = t.path(Features.PROBE_PATH);
            document = Features.PROBE_DOCUMENT;
        } else {
            streamPath = t.streamPath();
            document = null;
        }
        generic = new GenericChecks(t, streamPath, document, options.timeoutMs(), options.capture());
        List<ConformanceCheck> list = new ArrayList<>(generic.checks());
        ScenarioVectors scenarios = new ScenarioVectors(t, options.timeoutMs(), options.capture(), options.heapProbe());
        for (StreamVector v : Vectors.stream()) {
            list.add(new ConformanceCheck(v.id(), v.requirements(), v.description(), ResultEntry.VECTOR,
                    c -> runVector(c, v, scenarios)));
        }
        checks = Collections.unmodifiableList(list);
    }

    /**
     * Connects to the target (failing with {@link TargetUnreachableException} when nothing listens there), then finds
     * out what it offers, unless it is a reference server.
     */
    public static CheckRunner prepare(CheckOptions options) {
        Target t = options.target();
        try (Socket s = t.connect(Exchange.CONNECT_TIMEOUT_MS, 0)) {
            s.getOutputStream().flush();
        } catch (IOException e) {
            throw new TargetUnreachableException("cannot connect to " + t.authority() + " (" + t.streamUrl() + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        Features f = options.referenceServer() ? Features.all(options.suiteConfig())
                : Features.detect(t, options.timeoutMs(), options.capture(), options.suiteConfig());
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

    /** Facts for the results file's {@code meta}. */
    public Map<String, String> meta() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("url", options.target().streamUrl());
        m.put("streamChecked", options.target().url(streamPath));
        m.put("timeoutMs", String.valueOf(options.timeoutMs()));
        m.put("captureBound", options.capture().toString());
        m.put("document", document == null ? "unknown" : document.equals(Features.PROBE_DOCUMENT) ? "probe" : "given");
        features.notes().forEach((k, v) -> m.put("feature." + k, v));
        return m;
    }

    private ResultEntry runVector(ConformanceCheck c, StreamVector v, ScenarioVectors scenarios) {
        List<String> missing = missing(v);
        if (!missing.isEmpty()) {
            return Results.notApplicable(c, String.join("; ", missing));
        }
        if (v.isScenario()) {
            return scenarios.run(c, v);
        }
        return RequestVectors.run(c, v, options.target(), options.timeoutMs(), options.capture());
    }

    /** Why the vector does not apply to this target; empty when it does. */
    private List<String> missing(StreamVector v) {
        TreeSet<String> need = new TreeSet<>();
        String path = v.isScenario() ? v.params().path("request").path("path").asText("") : v.request().path();
        if (v.config() != null && !features.suiteConfig()) {
            need.add("suiteConfig");
        }
        String scenario = v.isScenario() ? v.scenario() : "";
        if (path.startsWith("/api/stats") || scenario.equals("churn") || scenario.equals("slow-reader")) {
            need.add("stats");
        }
        if (path.startsWith("/api/feed") || scenario.startsWith("broadcast")) {
            need.add("feed");
        }
        if (path.startsWith("/api/sse") || "/".equals(path)) {
            need.add("contract");
        }
        List<String> why = new ArrayList<>();
        for (String n : need) {
            boolean has = switch (n) {
                case "suiteConfig" -> features.suiteConfig();
                case "stats" -> features.stats();
                case "feed" -> features.feed();
                default -> features.contract();
            };
            if (!has) {
                String note = features.notes().get(n);
                why.add(n.equals("suiteConfig") ? "needs the server settings " + v.config()
                        + ", which this runner cannot set (sse-kit check --suite-config when the server runs with them)" : note);
            }
        }
        return why;
    }
}
