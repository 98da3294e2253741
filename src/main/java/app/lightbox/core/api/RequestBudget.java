package app.lightbox.core.api;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The app-wide limit on ComfyControl requests. ComfyControl allows 40 requests per 10 s per IP and then
 * ignores everything for a 10 s cooldown, so one budget is shared by every client in the app: each request
 * takes a slot first, and after a 429 nobody sends anything until the cooldown has passed.
 *
 * <p>Waiting is scheduled, never slept: {@link #acquire(ScheduledExecutorService)} returns a future that
 * completes when a slot is free.
 */
public final class RequestBudget {

    private final int maxRequests;
    private final long windowNanos;
    private final long cooldownNanos;
    private final LongSupplier nanoTime;

    private final Deque<Long> sent = new ArrayDeque<>();
    private long cooldownUntil;
    private boolean coolingDown;

    public RequestBudget(int maxRequests, Duration window, Duration cooldown) {
        this(maxRequests, window, cooldown, System::nanoTime);
    }

    /** @param nanoTime a monotonic time source in nanoseconds (tests pass a fake one) */
    public RequestBudget(int maxRequests, Duration window, Duration cooldown, LongSupplier nanoTime) {
        if (maxRequests < 1) {
            throw new IllegalArgumentException("maxRequests must be at least 1");
        }
        this.maxRequests = maxRequests;
        this.windowNanos = window.toNanos();
        this.cooldownNanos = cooldown.toNanos();
        this.nanoTime = nanoTime;
    }

    /** 36 per 10 s (a margin under ComfyControl's 40), and a 10 s pause after any 429. */
    public static RequestBudget comfyControlDefault() {
        return new RequestBudget(36, Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    /**
     * Takes a slot if one is free now and returns 0, or returns how many nanoseconds to wait before asking
     * again (nothing is taken then).
     */
    public synchronized long tryAcquire() {
        long now = nanoTime.getAsLong();
        if (coolingDown) {
            if (now - cooldownUntil < 0) {
                return cooldownUntil - now;
            }
            coolingDown = false;
        }
        while (!sent.isEmpty() && now - sent.peekFirst() >= windowNanos) {
            sent.pollFirst();
        }
        if (sent.size() < maxRequests) {
            sent.addLast(now);
            return 0;
        }
        return Math.max(1, sent.peekFirst() + windowNanos - now);
    }

    /** Completes once a slot has been taken; waits are scheduled on {@code scheduler}. */
    public CompletableFuture<Void> acquire(ScheduledExecutorService scheduler) {
        CompletableFuture<Void> slot = new CompletableFuture<>();
        tryNow(slot, scheduler);
        return slot;
    }

    private void tryNow(CompletableFuture<Void> slot, ScheduledExecutorService scheduler) {
        if (slot.isDone()) {
            return;
        }
        long wait = tryAcquire();
        if (wait == 0) {
            slot.complete(null);
            return;
        }
        try {
            scheduler.schedule(() -> tryNow(slot, scheduler), wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            slot.completeExceptionally(new NetworkException("The HTTP client has been shut down", e));
        }
    }

    /** A 429 was seen: block every request until the cooldown, counted from now, has passed. */
    public synchronized void onRateLimited() {
        long until = nanoTime.getAsLong() + cooldownNanos;
        if (!coolingDown || until - cooldownUntil > 0) {
            cooldownUntil = until;
        }
        coolingDown = true;
    }

    /** Whether a 429 cooldown is in force right now. */
    public synchronized boolean isCoolingDown() {
        return coolingDown && nanoTime.getAsLong() - cooldownUntil < 0;
    }

    public Duration cooldown() {
        return Duration.ofNanos(cooldownNanos);
    }
}
