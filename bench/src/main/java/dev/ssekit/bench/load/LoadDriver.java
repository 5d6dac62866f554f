package dev.ssekit.bench.load;

import java.io.IOException;
import org.HdrHistogram.Histogram;

/**
 * Subscribers driven by a load client: either in this JVM ({@link LoadClient}) or in child JVMs
 * ({@link AgentClients}, which keeps the client's descriptors, heap and GC out of the server's process).
 */
public interface LoadDriver extends AutoCloseable {

    /** Opens {@code n} connections that GET {@code path} and stay open. */
    void open(int n, String path);

    /** Waits until {@code n} responses have their head (or failed), at most {@code timeoutMs}; returns the number established. */
    int awaitEstablished(int n, long timeoutMs) throws InterruptedException;

    /** Events received so far, over every connection. */
    long events();

    int openConnections();

    int established();

    int failed();

    /** Streams the server closed or reset while the client still wanted them. */
    int lost();

    /** Publish-to-receive latency since the last call, in microseconds. */
    Histogram takeLatency();

    /** Time from connect to first event since the last call, in microseconds. */
    Histogram takeFirstEvent();

    /** Per-connection event counts of the connections open now. */
    long[] eventCountsPerConnection() throws InterruptedException;

    /** Aborts (RST) every open connection. */
    void abortAll();

    /** CPU time the client has used so far (its selector threads), in nanoseconds, or -1. */
    long cpuNanos();

    /** Makes {@link #events()} and the other counters exact as of now (a remote client reports them with a delay). */
    default void refresh() throws IOException, InterruptedException {
    }

    /** Where the client runs: {@code in-process} or {@code N agent processes}. */
    default String describe() {
        return "in-process";
    }

    @Override
    void close();
}
