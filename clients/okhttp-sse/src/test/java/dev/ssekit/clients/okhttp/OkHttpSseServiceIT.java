package dev.ssekit.clients.okhttp;

import dev.ssekit.clientservice.JvmAdapterChecks;
import dev.ssekit.clientservice.TestService;
import java.io.IOException;
import java.util.function.Predicate;

/** The service through its protocol (see {@link JvmAdapterChecks}). */
class OkHttpSseServiceIT extends JvmAdapterChecks {

    @Override
    protected TestService startService() throws IOException {
        return OkHttpSseService.start(0);
    }

    /** okhttp names a dispatcher thread after the URL while it runs the call. */
    @Override
    protected Predicate<String> streamThreads(int streamPort) {
        return n -> n.startsWith("OkHttp http://127.0.0.1:" + streamPort);
    }

    @Override
    protected Predicate<String> serviceThreads() {
        return n -> n.equals("OkHttp Dispatcher");
    }
}
