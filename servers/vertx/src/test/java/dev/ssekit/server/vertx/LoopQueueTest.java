package dev.ssekit.server.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The loop queue pumps streams a bounded time per run and lets the loop's other work in between. */
class LoopQueueTest {

    @Test
    @DisplayName("[API-037] streams queued for a pump yield to work the loop was given meanwhile: a new connection's task does not wait for every stream")
    void yieldsToOtherWork() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            LoopQueue q = new LoopQueue(loop);
            List<String> order = new ArrayList<>(); // written on the loop only
            int streams = 40;
            CountDownLatch done = new CountDownLatch(streams + 1);
            CountDownLatch queued = new CountDownLatch(1);
            loop.execute(() -> {
                // all queued from the loop itself, as written() does, before the queue first runs
                for (int i = 0; i < streams; i++) {
                    int n = i;
                    q.add(() -> {
                        busy(1); // a pump that takes 1 ms: the budget is spent after about two of them
                        order.add("stream-" + n);
                        done.countDown();
                    });
                }
                queued.countDown();
            });
            assertTrue(queued.await(10, TimeUnit.SECONDS));
            loop.execute(() -> {
                order.add("new-connection");
                done.countDown();
            });
            assertTrue(done.await(30, TimeUnit.SECONDS));
            int at = loop.submit(() -> order.indexOf("new-connection")).get(10, TimeUnit.SECONDS);
            assertTrue(at < streams / 2, "the other task ran at " + at + " of " + (streams + 1) + ": " + order);
            assertEquals(streams + 1, loop.submit(order::size).get(10, TimeUnit.SECONDS));
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("[API-037,API-019] every queued stream is pumped once, in the order it was queued, whichever thread queued it")
    void everyStreamOnceInOrder() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            LoopQueue q = new LoopQueue(loop);
            List<Integer> order = new ArrayList<>();
            int n = 1_000;
            CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int k = i;
                q.add(() -> {
                    order.add(k);
                    done.countDown();
                });
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
            List<Integer> seen = loop.submit(() -> new ArrayList<>(order)).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < n; i++) {
                assertEquals(i, seen.get(i));
            }
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    private static void busy(long ms) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
