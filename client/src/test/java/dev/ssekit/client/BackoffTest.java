package dev.ssekit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The reconnect delay policy, with the random draw fixed. */
class BackoffTest {

    @Test
    @DisplayName("[PROC-013,PROC-023] the first failure waits the reconnection time; later ones double from max(base, 1 s) up to max")
    void grows() {
        Backoff none = new Backoff(30_000, 0.5, () -> 0.0);
        assertEquals(3000, none.delay(3000, 0));
        assertEquals(3000, none.delay(3000, 1));
        assertEquals(6000, none.delay(3000, 2));
        assertEquals(12_000, none.delay(3000, 3));
        assertEquals(30_000, none.delay(3000, 10));
        assertEquals(30_000, none.delay(3000, 1000), "no overflow");
        assertEquals(2000, none.delay(0, 2), "retry: 0 cannot make a loop without a delay");
        assertEquals(0, none.delay(0, 1));
    }

    @Test
    @DisplayName("[PROC-013,PROC-023] jitter shortens only the growth: never below the reconnection time, even when max is below it")
    void jitterNeverBelowBase() {
        Backoff full = new Backoff(30_000, 1.0, () -> 0.999_999);
        assertEquals(3000, full.delay(3000, 2), 1);
        Backoff half = new Backoff(30_000, 0.5, () -> 1.0);
        assertEquals(4500, half.delay(3000, 2));
        Backoff low = new Backoff(1000, 0.5, () -> 1.0);
        assertEquals(5000, low.delay(5000, 7));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(1, 1.5, () -> 0));
    }
}
