package dev.ssekit.client;

import java.net.http.HttpClient;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What all EventSources share unless told otherwise: worker threads that exist only while there is work (they end
 * after {@value #IDLE_SECONDS} s idle), one timer thread that exists only while a reconnect or read timeout is
 * pending, and one HttpClient (whose selector thread is the JDK's own, one per client).
 */
final class Shared {

    static final String THREAD_PREFIX = "sse-kit-client-";
    static final long IDLE_SECONDS = 2;

    static final ThreadPoolExecutor WORKERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
            new SynchronousQueue<>(), threads("worker-"));

    static final ScheduledThreadPoolExecutor TIMER = timer();

    private Shared() {
    }

    /** The default HttpClient, built on first use: redirects are followed by the EventSource, which counts them. */
    static HttpClient httpClient() {
        return DefaultClient.CLIENT;
    }

    private static final class DefaultClient {
        static final HttpClient CLIENT = HttpClient.newBuilder()
                .executor(WORKERS)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, threads("timer-"));
        t.setRemoveOnCancelPolicy(true); // close() drops a pending reconnect at once, so the thread can end
        t.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        t.allowCoreThreadTimeOut(true);
        return t;
    }

    private static ThreadFactory threads(String kind) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, THREAD_PREFIX + kind + n.incrementAndGet());
            t.setDaemon(true); // never what keeps a JVM alive: a stream nobody closed must not block exit
            return t;
        };
    }
}
