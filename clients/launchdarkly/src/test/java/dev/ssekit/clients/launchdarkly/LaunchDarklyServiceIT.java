package dev.ssekit.clients.launchdarkly;

import dev.ssekit.clientservice.JvmAdapterChecks;
import dev.ssekit.clientservice.TestService;
import java.io.IOException;
import java.util.function.Predicate;

/** The service through its protocol (see {@link JvmAdapterChecks}). */
class LaunchDarklyServiceIT extends JvmAdapterChecks {

    @Override
    protected TestService startService() throws IOException {
        return LaunchDarklyService.start(0);
    }

    /** The background source names its stream and event threads after its base name, "EventSource". */
    @Override
    protected Predicate<String> streamThreads(int streamPort) {
        return n -> n.startsWith("EventSource");
    }
}
