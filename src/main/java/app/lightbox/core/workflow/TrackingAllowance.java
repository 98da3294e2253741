package app.lightbox.core.workflow;

import app.lightbox.core.api.RequestBudget;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How many requests background tracking may send per window, shared by every tracker on one API origin
 * (ComfyControl limits per IP, so all accounts count together). It sits in front of the app-wide
 * {@link RequestBudget}: the budget keeps the app under the server's hard limit, the allowance keeps
 * tracking well below it so that browsing and downloads stay quick.
 */
public final class TrackingAllowance {

    private final RequestBudget window;
    private final int maxRequests;

    public TrackingAllowance(int maxRequests, Duration per) {
        this.window = new RequestBudget(maxRequests, per, Duration.ZERO);
        this.maxRequests = maxRequests;
    }

    /**
     * 16 per 10 s: with at most 4 status streams, each of which may reconnect on its own (those reconnects
     * cannot wait here), tracking stays at or below 20 requests per 10 s.
     */
    public static TrackingAllowance comfyControlDefault() {
        return new TrackingAllowance(16, Duration.ofSeconds(10));
    }

    public int maxRequests() {
        return maxRequests;
    }

    /** Completes when a request may go out; waits are scheduled, never slept. */
    CompletableFuture<Void> acquire(ScheduledExecutorService scheduler) {
        return window.acquire(scheduler);
    }
}
