package dev.ssekit.clients.vertx;

import dev.ssekit.clientservice.JvmAdapterChecks;
import dev.ssekit.clientservice.TestService;
import java.io.IOException;
import java.util.function.Predicate;

/** The service through its protocol (see {@link JvmAdapterChecks}). */
class VertxSseServiceIT extends JvmAdapterChecks {

    @Override
    protected TestService startService() throws IOException {
        return VertxSseService.start(0);
    }

    /** The streams share the service's Vert.x instance: its threads end when the service stops. */
    @Override
    protected Predicate<String> serviceThreads() {
        return n -> n.startsWith("vert.x-") || n.startsWith("vertx-");
    }
}
