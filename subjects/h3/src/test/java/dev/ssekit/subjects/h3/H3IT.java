package dev.ssekit.subjects.h3;

import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.conformance.junit.ServerConformance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The tutorial's stream written with h3's {@code createEventStream} (server.mjs) joins the conformance suite,
 * declaring nothing. It runs with node, so it needs node and npm; without them the class is not run, unless
 * {@code -Dsse.express.required=true} (node subjects are required).
 */
class H3IT extends ServerConformance {

    /** Fast enough for the suite, slow enough that events are seen arriving one by one. */
    private static final int INTERVAL_MS = 100;

    @Override
    protected Subject start(SuiteSettings settings) throws Exception {
        Path dir = NodeServer.subjectDir("h3");
        String missing = NodeServer.missingTools(dir);
        if (missing != null) {
            return cannotStart("h3", "the h3 subject could not be started: " + missing, "sse.express.required");
        }
        String document = Files.readString(dir.resolve("data.txt"), StandardCharsets.UTF_8);
        NodeServer node = NodeServer.start("h3", dir, List.of(), List.of("node", "server.mjs"));
        return Subject.at("h3", node.baseUrl() + "/api/sse?interval=" + INTERVAL_MS, node::close).carrying(document)
                .readingFor(10_000)
                .describedAs("h3 v1 createEventStream on node's http (subjects/h3)");
    }

    @Override
    protected Set<String> knownFailures() {
        return Set.of();
    }
}
