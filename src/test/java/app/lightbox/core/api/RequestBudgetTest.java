package app.lightbox.core.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestBudgetTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private RequestBudget budget(int max) {
        return new RequestBudget(max, Duration.ofSeconds(10), Duration.ofSeconds(10), now::get);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void allowsUpToTheLimitWithinTheWindow() {
        RequestBudget b = budget(3);
        assertEquals(0, b.tryAcquire());
        advance(Duration.ofSeconds(1));
        assertEquals(0, b.tryAcquire());
        assertEquals(0, b.tryAcquire());
        long wait = b.tryAcquire();
        assertEquals(Duration.ofSeconds(9).toNanos(), wait, "the oldest slot frees 10 s after it was taken");
        advance(Duration.ofSeconds(9));
        assertEquals(0, b.tryAcquire());
    }

    @Test
    void aWaitDoesNotTakeASlot() {
        RequestBudget b = budget(1);
        assertEquals(0, b.tryAcquire());
        assertTrue(b.tryAcquire() > 0);
        assertTrue(b.tryAcquire() > 0);
        advance(Duration.ofSeconds(10));
        assertEquals(0, b.tryAcquire());
        assertTrue(b.tryAcquire() > 0);
    }

    @Test
    void rateLimitBlocksEveryRequestForTheWholeCooldown() {
        RequestBudget b = budget(36);
        assertEquals(0, b.tryAcquire());
        b.onRateLimited();
        assertTrue(b.isCoolingDown());
        assertEquals(Duration.ofSeconds(10).toNanos(), b.tryAcquire());
        advance(Duration.ofMillis(9_999));
        assertEquals(Duration.ofMillis(1).toNanos(), b.tryAcquire());
        advance(Duration.ofMillis(1));
        assertFalse(b.isCoolingDown());
        assertEquals(0, b.tryAcquire());
    }

    @Test
    void aSecondRateLimitExtendsButNeverShortensTheCooldown() {
        RequestBudget b = budget(36);
        b.onRateLimited();
        advance(Duration.ofSeconds(4));
        b.onRateLimited();
        assertEquals(Duration.ofSeconds(10).toNanos(), b.tryAcquire());
    }

    @Test
    void defaultKeepsAMarginUnderTheDocumentedLimit() {
        RequestBudget b = RequestBudget.comfyControlDefault();
        int granted = 0;
        while (b.tryAcquire() == 0) {
            granted++;
        }
        assertEquals(36, granted);
        assertEquals(Duration.ofSeconds(10), b.cooldown());
    }
}
