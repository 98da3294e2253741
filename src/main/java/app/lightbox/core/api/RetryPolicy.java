package app.lightbox.core.api;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How hard idempotent calls try: {@code maxAttempts} tries in all for 5xx answers and network errors, with
 * exponential backoff and jitter from {@code baseDelay}; and up to {@code maxRateLimitRetries} waits for a
 * 429 cooldown. Also paces status-stream reconnects after failures.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, int maxRateLimitRetries) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (maxRateLimitRetries < 0) {
            throw new IllegalArgumentException("maxRateLimitRetries must not be negative");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8), 3);
    }

    /** Same attempts, shorter waits (tests). */
    public RetryPolicy withBaseDelay(Duration base) {
        return new RetryPolicy(maxAttempts, base, maxDelay.compareTo(base) < 0 ? base : maxDelay, maxRateLimitRetries);
    }

    /** Delay before attempt {@code failedAttempts + 1}: base * 2^(failed-1), jittered to 50..150 %, capped. */
    public long backoffNanos(int failedAttempts) {
        long base = baseDelay.toNanos();
        long exp = base << Math.min(20, Math.max(0, failedAttempts - 1));
        long capped = Math.min(exp, maxDelay.toNanos());
        double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
        return (long) (capped * jitter);
    }
}
