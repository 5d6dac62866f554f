package dev.ssekit.bench.load;

import java.lang.management.ManagementFactory;

/**
 * One server under load. Ours, the ceiling and the baseline run in this JVM, so heap is measured in-process; Express
 * and the framework subjects ({@link ChildJvmSubject}) are child processes.
 */
public interface BenchSubject extends AutoCloseable {

    /** Scenario names. */
    String FANOUT = "fanout";
    String STREAM = "stream";
    String CHURN = "churn";
    String HOLD = "hold";

    String name();

    /** e.g. {@code http://127.0.0.1:40123}. */
    default String baseUrl() {
        return "http://" + host() + ":" + port();
    }

    /** Every subject listens on loopback only. */
    default String host() {
        return "127.0.0.1";
    }

    int port();

    /** Whether the subject can run the scenario; the others are reported {@code not-applicable}. */
    boolean supports(String scenario);

    /** Why the subject cannot run a scenario it does not support, or null when the name of the status says it all. */
    default String notApplicableReason(String scenario) {
        return null;
    }

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

    /**
     * A document stream that stays open and idle (its next event an hour away), held by the {@code frameworks} mode so
     * that every subject holds the same kind of stream; null when the subject has none (the hold then uses its feed).
     */
    default String idleDocumentPath() {
        return null;
    }

    /** Whether a held stream counts once its request is written: the subject sends no head before its first event. */
    default boolean holdEstablishedOnRequest() {
        return false;
    }

    /** Whether the server runs in this JVM (its connections then cost this process descriptors too). */
    default boolean inThisJvm() {
        return true;
    }

    /** VmRSS of the server's process in bytes, or -1. */
    default long rssBytes() {
        return Scenarios.rssBytes();
    }

    /** Open descriptors of the server's process, or -1. */
    default long serverFds() {
        return Scenarios.openFds();
    }

    /** The server process's open-files limit, or -1. */
    default long serverMaxFds() {
        return Scenarios.maxFds();
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
