package dev.ssekit.clients.chromium;

import dev.ssekit.clientservice.AdapterChecks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Chromium's EventSource's test service passes the adapter checks: events, listen, DELETE, DELETE /. Without
 * Chromium the class is not run (with the reason), unless {@code -Dsse.browser.required=true}.
 */
class ChromiumServiceIT extends AdapterChecks {

    /** Starts the service, or aborts the caller (not-run) where Chromium is missing and not required. */
    static ChromiumService startOrAbort() throws Exception {
        Optional<String> missing = ChromiumAdapter.missing();
        if (missing.isPresent()) {
            if (Boolean.getBoolean("sse.browser.required")) {
                throw new IllegalStateException("the browser is required (-Dsse.browser.required=true) but " + missing.get());
            }
            Assumptions.abort("not-run: " + missing.get());
        }
        return ChromiumService.start(0, new PrintStream(new ByteArrayOutputStream()));
    }

    @Override
    protected Service startService() throws Exception {
        ChromiumService s = startOrAbort();
        return new Service() {
            @Override
            public URI uri() {
                return s.uri();
            }

            @Override
            public boolean awaitGone(Duration timeout) throws InterruptedException {
                return s.awaitGone(timeout);
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }
}
