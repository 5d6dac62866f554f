package dev.ssekit.bench.load;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the load client measures of the events it receives: how many, the publish-to-receive latency of events whose
 * data is a decimal {@code System.nanoTime()} (the publisher's, on the same machine's monotonic clock), and the time
 * from connecting to a connection's first event. Recorded on the selector thread; taken as interval histograms (in
 * microseconds) by any thread.
 */
final class Latency {

    /** Latency values above this (in microseconds) are clamped: 60 s. */
    static final long MAX_MICROS = 60_000_000L;

    private final Recorder publishToReceive = new Recorder(MAX_MICROS, 3);
    private final Recorder firstEvent = new Recorder(MAX_MICROS, 3);
    private final AtomicLong events = new AtomicLong();

    /** An event arrived at {@code nowNanos} carrying {@code data}. */
    void event(String data, long nowNanos) {
        events.incrementAndGet();
        long sent = publishedAt(data);
        if (sent > 0) {
            publishToReceive.recordValue(micros(nowNanos - sent));
        }
    }

    /** A connection's first event arrived {@code nanos} after it started connecting. */
    void firstEvent(long nanos) {
        firstEvent.recordValue(micros(nanos));
    }

    long events() {
        return events.get();
    }

    /** Publish-to-receive latency since the last call. */
    Histogram takePublishToReceive() {
        return publishToReceive.getIntervalHistogram();
    }

    /** Time to first event since the last call. */
    Histogram takeFirstEvent() {
        return firstEvent.getIntervalHistogram();
    }

    private static long micros(long nanos) {
        return Math.min(MAX_MICROS, Math.max(0, nanos / 1000));
    }

    /** The publisher's {@code System.nanoTime()} when {@code data} is one (6 to 20 digits), else -1. */
    static long publishedAt(String data) {
        int len = data.length();
        if (len < 6 || len > 20) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < len; i++) {
            char ch = data.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }
}
