package dev.ssekit.clients.spring;

import dev.ssekit.clientservice.JvmAdapterChecks;
import dev.ssekit.clientservice.TestService;
import java.io.IOException;
import java.util.function.Predicate;

/** The service through its protocol (see {@link JvmAdapterChecks}). */
class WebClientServiceIT extends JvmAdapterChecks {

    @Override
    protected TestService startService() throws IOException {
        return WebClientService.start(0);
    }

    /** The streams share Reactor Netty's global event loops: the service releases them when it stops. */
    @Override
    protected Predicate<String> serviceThreads() {
        return n -> n.startsWith("reactor-http-");
    }
}
