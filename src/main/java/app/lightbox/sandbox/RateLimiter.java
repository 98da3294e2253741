package app.lightbox.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * ComfyControl's per-IP limit as Cloudflare applies it: more than N requests in a sliding window answers
 * 429, and then every request is refused until the cooldown has passed since that first 429. On loopback
 * every client shares one IP, so there is one limiter per server. Real time, not the sandbox clock.
 */
final class RateLimiter {

    private final int limit;
    private final long windowNanos;
    private final long cooldownNanos;
    private final Deque<Long> accepted = new ArrayDeque<>();
    private boolean coolingDown;
    private long cooldownEnds;

    RateLimiter(int limit, Duration window, Duration cooldown) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.cooldownNanos = cooldown.toNanos();
    }

    /** Records one request; true if it may be served, false if it must be answered 429. */
    synchronized boolean tryAcquire(long nowNanos) {
        if (limit <= 0) {
            return true;
        }
        if (coolingDown) {
            if (nowNanos - cooldownEnds < 0) {
                return false;
            }
            coolingDown = false;
        }
        while (!accepted.isEmpty() && nowNanos - accepted.peekFirst() >= windowNanos) {
            accepted.pollFirst();
        }
        if (accepted.size() >= limit) {
            coolingDown = true;
            cooldownEnds = nowNanos + cooldownNanos;
            // The lockout resets the client's slate: after it, a full window's worth is allowed again.
            accepted.clear();
            return false;
        }
        accepted.addLast(nowNanos);
        return true;
    }
}
