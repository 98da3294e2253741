package app.lightbox.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SandboxServer} behaves. Immutable; each {@code withX} returns a changed copy.
 *
 * @param port               API listener port, 0 for an ephemeral one (the storage listener is always ephemeral)
 * @param urlTtl             lifetime of signed storage URLs, measured on {@link #clock()}
 * @param rateLimitRequests  requests allowed per {@code rateLimitWindow} on /v1; 0 or less disables the limit
 * @param rateLimitWindow    sliding window of the rate limit (real time)
 * @param rateLimitCooldown  how long every /v1 request is refused after the first 429 (real time)
 * @param sseInterval        real time between two subscribe events
 * @param sseMaxEvents       events per subscribe stream before the server closes it
 * @param seedDemoWorkflows  whether to create the demo workspace's workflows at start
 * @param clock              the sandbox clock
 * @param storageRedirect    whether {@code src} URLs point at a 302 hop on the API host instead of storage
 */
public record SandboxConfig(
        int port,
        Duration urlTtl,
        int rateLimitRequests,
        Duration rateLimitWindow,
        Duration rateLimitCooldown,
        Duration sseInterval,
        int sseMaxEvents,
        boolean seedDemoWorkflows,
        SandboxClock clock,
        boolean storageRedirect) {

    public SandboxConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(urlTtl, "urlTtl");
        Objects.requireNonNull(rateLimitWindow, "rateLimitWindow");
        Objects.requireNonNull(rateLimitCooldown, "rateLimitCooldown");
        Objects.requireNonNull(sseInterval, "sseInterval");
        Objects.requireNonNull(clock, "clock");
        if (urlTtl.isNegative() || rateLimitWindow.isNegative() || rateLimitCooldown.isNegative()
                || sseInterval.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (sseMaxEvents < 1) {
            throw new IllegalArgumentException("sseMaxEvents must be at least 1");
        }
    }

    public static SandboxConfig defaults() {
        return new SandboxConfig(0, Duration.ofSeconds(300), 40, Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(2), 120, false, SandboxClock.system(), false);
    }

    public SandboxConfig withPort(int port) {
        return new SandboxConfig(port, urlTtl, rateLimitRequests, rateLimitWindow, rateLimitCooldown, sseInterval,
                sseMaxEvents, seedDemoWorkflows, clock, storageRedirect);
    }

    public SandboxConfig withUrlTtl(Duration ttl) {
        return new SandboxConfig(port, ttl, rateLimitRequests, rateLimitWindow, rateLimitCooldown, sseInterval,
                sseMaxEvents, seedDemoWorkflows, clock, storageRedirect);
    }

    public SandboxConfig withRateLimit(int requests, Duration window, Duration cooldown) {
        return new SandboxConfig(port, urlTtl, requests, window, cooldown, sseInterval,
                sseMaxEvents, seedDemoWorkflows, clock, storageRedirect);
    }

    public SandboxConfig withSse(Duration interval, int maxEvents) {
        return new SandboxConfig(port, urlTtl, rateLimitRequests, rateLimitWindow, rateLimitCooldown, interval,
                maxEvents, seedDemoWorkflows, clock, storageRedirect);
    }

    public SandboxConfig withSeedDemoWorkflows(boolean seed) {
        return new SandboxConfig(port, urlTtl, rateLimitRequests, rateLimitWindow, rateLimitCooldown, sseInterval,
                sseMaxEvents, seed, clock, storageRedirect);
    }

    public SandboxConfig withClock(SandboxClock clock) {
        return new SandboxConfig(port, urlTtl, rateLimitRequests, rateLimitWindow, rateLimitCooldown, sseInterval,
                sseMaxEvents, seedDemoWorkflows, clock, storageRedirect);
    }

    public SandboxConfig withStorageRedirect(boolean redirect) {
        return new SandboxConfig(port, urlTtl, rateLimitRequests, rateLimitWindow, rateLimitCooldown, sseInterval,
                sseMaxEvents, seedDemoWorkflows, clock, redirect);
    }
}
