package app.lightbox.testing;

import javafx.beans.InvalidationListener;
import javafx.beans.Observable;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits for state to satisfy a condition. Change events on the given observables wake the waiting thread
 * at once; the condition is always evaluated on the waiting thread, never inside a listener.
 */
public final class Await {

    private Await() {
    }

    /**
     * @param owner the thread that changes the observed state (listeners are added and removed there, as
     *              JavaFX properties are not thread-safe)
     */
    public static void until(BooleanSupplier condition, Duration timeout, String what, Executor owner,
                             Observable... observed) throws InterruptedException {
        Semaphore changed = new Semaphore(0);
        InvalidationListener wake = o -> changed.release();
        onOwner(owner, () -> {
            for (Observable o : observed) {
                o.addListener(wake);
            }
        });
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    fail("Timed out after " + timeout.toMillis() + " ms waiting for: " + what);
                }
                // Woken by a change event; the bounded wait also covers state the listeners cannot see.
                changed.tryAcquire(50, TimeUnit.MILLISECONDS);
                changed.drainPermits();
            }
        } finally {
            onOwner(owner, () -> {
                for (Observable o : observed) {
                    o.removeListener(wake);
                }
            });
        }
    }

    private static void onOwner(Executor owner, Runnable r) throws InterruptedException {
        CompletableFuture<Void> done = CompletableFuture.runAsync(r, owner);
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not reach the owning thread", e);
        }
    }
}
