package dev.ssekit.bench.load;

import java.lang.management.ManagementFactory;

/** One server under load. All of them but Express run in this JVM, so heap is measured in-process. */
public interface BenchSubject extends AutoCloseable {

    /** Scenario names. */
    String FANOUT = "fanout";
    String STREAM = "stream";
    String CHURN = "churn";
    String HOLD = "hold";

    String name();

    /** e.g. {@code http://127.0.0.1:40123}. */
    String baseUrl();

    String host();

    int port();

    /** Whether the subject can run the scenario; the others are reported {@code not-applicable}. */
    boolean supports(String scenario);

    /** Publishes one broadcast event in-process; only for subjects that support {@link #FANOUT}. */
    void publish(String data);

    /** Heap used after two full GCs, or -1 when the server is not in this process. */
    default long heapUsedAfterGc() {
        return inProcessHeapAfterGc();
    }

    /** Open event streams as the server counts them, or -1 when it cannot tell. */
    int activeStreams();

    /** Pending timer tasks as the server counts them, or -1 when it cannot tell. */
    default int scheduledTasks() {
        return -1;
    }

    /**
     * The server's own counters ({@code GET /api/stats} for ours: slowClientsDropped, eventsDroppedForSlowClients...),
     * or null when it has none.
     */
    default java.util.Map<String, Object> serverStats() {
        return null;
    }

    /** The path a broadcast subscriber GETs. */
    default String feedPath() {
        return "/api/feed";
    }

    /** The path a stream-scenario client GETs. */
    default String streamPath() {
        return "/api/sse?interval=0&doc=tutorial";
    }

    /** The path churn connects to and aborts. */
    default String churnPath() {
        return "/api/feed";
    }

    @Override
    void close();

    static long inProcessHeapAfterGc() {
        System.gc();
        System.gc();
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
