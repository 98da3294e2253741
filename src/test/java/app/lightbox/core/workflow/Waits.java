package app.lightbox.core.workflow;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits for state that announces no changes (the sandbox's request counters, the tracker's request log),
 * checking every few milliseconds until a deadline. Events have {@link Events#await} instead.
 */
final class Waits {

    private Waits() {
    }

    static void until(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out after " + timeout.toMillis() + " ms waiting for: " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    /** Until the tracker has started {@code n} more polls than now (each poll begins with page 1). */
    static void polls(LiveWorkflowTracker tracker, int n) {
        int start = listPages(tracker);
        until(() -> listPages(tracker) >= start + n, Duration.ofSeconds(10), n + " more polls");
    }

    private static int listPages(LiveWorkflowTracker tracker) {
        return (int) tracker.requests().entries().stream().filter(e -> e.kind() == RequestLog.Kind.LIST).count();
    }
}
