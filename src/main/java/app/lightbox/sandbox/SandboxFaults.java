package app.lightbox.sandbox;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Misbehaviour to switch on while a client runs against the sandbox. All knobs are off by default and
 * may be changed from any thread at any time; they take effect for the next request.
 */
public final class SandboxFaults {

    /** Fixed so that a run with an error rate fails the same requests every time. */
    private static final long ERROR_SEED = 0x5EED_C0FFEEL;

    private volatile Duration latency = Duration.ZERO;
    private volatile double serverErrorRate;
    private volatile boolean truncateMedia;
    private final AtomicInteger failNextCount = new AtomicInteger();
    private volatile int failNextStatus = 500;
    private final Object randomLock = new Object();
    private Random random = new Random(ERROR_SEED);

    /** Delay added before every API, redirect and storage response. */
    public void setLatency(Duration d) {
        Objects.requireNonNull(d, "d");
        if (d.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        latency = d;
    }

    /** Share (0..1) of /v1 requests answered 500 or 503, chosen by a seeded pseudo-random sequence. */
    public void setServerErrorRate(double share) {
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException("share must be within 0..1: " + share);
        }
        serverErrorRate = share;
    }

    /** The next {@code count} /v1 requests (after the rate limit check) answer {@code httpStatus}. */
    public void failNextApiRequests(int count, int httpStatus) {
        if (count < 0 || httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("need count >= 0 and an error status, got " + count + ", " + httpStatus);
        }
        failNextStatus = httpStatus;
        failNextCount.set(count);
    }

    /** Storage responses announce the full Content-Length but drop the connection after about half the body. */
    public void setTruncateMedia(boolean on) {
        truncateMedia = on;
    }

    public void reset() {
        latency = Duration.ZERO;
        serverErrorRate = 0;
        truncateMedia = false;
        failNextCount.set(0);
        failNextStatus = 500;
        synchronized (randomLock) {
            random = new Random(ERROR_SEED);
        }
    }

    Duration latency() {
        return latency;
    }

    boolean truncateMedia() {
        return truncateMedia;
    }

    /** The status an injected fault answers for this request, or 0 when it should be served normally. */
    int injectedStatus() {
        int pending = failNextCount.getAndUpdate(n -> n > 0 ? n - 1 : 0);
        if (pending > 0) {
            return failNextStatus;
        }
        double rate = serverErrorRate;
        if (rate <= 0) {
            return 0;
        }
        synchronized (randomLock) {
            if (random.nextDouble() < rate) {
                return random.nextBoolean() ? 500 : 503;
            }
        }
        return 0;
    }
}
