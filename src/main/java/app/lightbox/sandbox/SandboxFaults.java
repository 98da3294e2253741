package app.lightbox.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
    private volatile Duration stallMedia = Duration.ZERO;
    private final AtomicInteger resetNextMedia = new AtomicInteger();
    private final AtomicReference<byte[]> nextApiBody = new AtomicReference<>();
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

    /**
     * Storage responses send their headers (with the full Content-Length), then nothing for {@code d} before
     * the body: a storage host that stalls. Zero turns it off; closing the server ends a stall early.
     */
    public void setStallMedia(Duration d) {
        Objects.requireNonNull(d, "d");
        if (d.isNegative()) {
            throw new IllegalArgumentException("stall must not be negative");
        }
        stallMedia = d;
    }

    /** The next {@code count} storage requests are answered by closing the connection before any response. */
    public void resetNextMediaRequests(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        resetNextMedia.set(count);
    }

    /**
     * The next /v1 request that passes the rate limit and the token check is answered 200 with exactly
     * {@code body} as application/json, whatever it asked for (malformed or unexpected JSON); null clears.
     */
    public void serveNextApiBody(String body) {
        nextApiBody.set(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #serveNextApiBody(String)}, with raw bytes that need not be valid UTF-8; null clears. */
    public void serveNextApiBody(byte[] body) {
        nextApiBody.set(body == null ? null : body.clone());
    }

    public void reset() {
        stallMedia = Duration.ZERO;
        resetNextMedia.set(0);
        nextApiBody.set(null);
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

    Duration stallMedia() {
        return stallMedia;
    }

    boolean takeMediaReset() {
        return resetNextMedia.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    byte[] takeNextApiBody() {
        return nextApiBody.getAndSet(null);
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
