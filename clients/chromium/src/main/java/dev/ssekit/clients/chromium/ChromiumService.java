package dev.ssekit.clients.chromium;

import dev.ssekit.clientservice.TestService;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The test service for Chromium's EventSource: {@link TestService} around a {@link ChromiumAdapter}. From the command
 * line, {@code [--port N]} (default 8111) until {@code DELETE /}; from Java, {@link #start} on a free port, for tests
 * and the harness. Either way Chromium quits when the service stops.
 */
public final class ChromiumService implements AutoCloseable {

    private final ChromiumAdapter adapter;
    private final TestService service;
    private final CountDownLatch gone = new CountDownLatch(1);

    private ChromiumService(ChromiumAdapter adapter, TestService service) {
        this.adapter = adapter;
        this.service = service;
    }

    public static void main(String[] args) throws Exception {
        var missing = ChromiumAdapter.missing();
        if (missing.isPresent()) {
            System.err.println(missing.get());
            System.exit(2);
        }
        int status;
        try (ChromiumAdapter adapter = ChromiumAdapter.start()) {
            status = TestService.run(adapter, args, System.out, System.err);
        }
        System.exit(status);
    }

    /** Starts Chromium and the service on 127.0.0.1:{@code port} (0: a free one); {@code log} gets its lines. */
    public static ChromiumService start(int port, PrintStream log) throws IOException {
        ChromiumAdapter adapter = ChromiumAdapter.start();
        TestService service;
        try {
            service = TestService.start(adapter, port, log);
        } catch (IOException | RuntimeException e) {
            adapter.close();
            throw e;
        }
        ChromiumService s = new ChromiumService(adapter, service);
        Thread waiter = new Thread(() -> {
            try {
                service.awaitStop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                adapter.close();
                s.gone.countDown();
            }
        }, "sse-kit-chromium-service");
        waiter.setDaemon(true);
        waiter.start();
        return s;
    }

    public URI uri() {
        return service.uri();
    }

    /** The browser's version, for the results' meta. */
    public String version() {
        return adapter.version();
    }

    /** The adapter's name, as the status resource gives it. */
    public String name() {
        return adapter.name();
    }

    /** True once the service has stopped ({@code DELETE /} or {@link #close()}) and Chromium has quit. */
    public boolean awaitGone(Duration timeout) throws InterruptedException {
        return gone.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && !adapter.browserRunning();
    }

    @Override
    public void close() {
        service.close();
        adapter.close();
        gone.countDown();
    }
}
