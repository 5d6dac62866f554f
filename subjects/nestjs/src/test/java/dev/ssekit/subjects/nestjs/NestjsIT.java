package dev.ssekit.subjects.nestjs;

import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.conformance.junit.ServerConformance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The tutorial's stream written with NestJS's {@code @Sse()} (src/sse.controller.ts) joins the conformance suite,
 * declaring nothing. It is built with its own {@code tsc} and run with node, so it needs node and npm; without them
 * the class is not run, unless {@code -Dsse.express.required=true} (node subjects are required).
 */
class NestjsIT extends ServerConformance {

    /** Fast enough for the suite, slow enough that events are seen arriving one by one. */
    private static final int INTERVAL_MS = 100;

    @Override
    protected Subject start(SuiteSettings settings) throws Exception {
        Path dir = NodeServer.subjectDir("nestjs");
        String missing = NodeServer.missingTools(dir);
        if (missing != null) {
            return cannotStart("nestjs", "the NestJS subject could not be started: " + missing, "sse.express.required");
        }
        String document = Files.readString(dir.resolve("data.txt"), StandardCharsets.UTF_8);
        NodeServer node = NodeServer.start("nestjs", dir, List.of(List.of("npm", "run", "build")),
                List.of("node", "dist/main.js"));
        return Subject.at("nestjs", node.baseUrl() + "/api/sse?interval=" + INTERVAL_MS, node::close).carrying(document)
                .readingFor(10_000)
                .describedAs("NestJS @Sse() returning an Observable<MessageEvent> (subjects/nestjs)");
    }

    @Override
    protected Set<String> knownFailures() {
        return Set.of();
    }
}
