package app.lightbox.testing;

import app.lightbox.core.api.ComfyControlClient;
import app.lightbox.core.api.HttpStack;
import app.lightbox.core.api.RequestBudget;
import app.lightbox.core.concurrent.AppExecutors;
import app.lightbox.core.media.SignedMediaClient;
import app.lightbox.sandbox.ManualClock;
import app.lightbox.sandbox.SandboxClock;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;

import app.lightbox.core.workflow.LiveWorkflowTracker;
import app.lightbox.core.workflow.TrackerSettings;
import app.lightbox.core.workflow.TrackingAllowance;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A sandbox on a manual clock with the real client stack signed in to it, and a single "FX" thread so
 * ViewModel state changes are serialized the way the toolkit would serialize them.
 */
public final class SandboxSession implements AutoCloseable {

    public final ManualClock clock = SandboxClock.manual(Instant.parse("2026-06-01T12:00:00Z"));
    public final SandboxServer sandbox;
    public final HttpStack http = HttpStack.create();
    public final ComfyControlClient api;
    public final SignedMediaClient media = new SignedMediaClient(http);
    public final RequestBudget budget = RequestBudget.comfyControlDefault();
    /** Polls every 200 ms so status changes on the manual clock arrive quickly. */
    public final LiveWorkflowTracker tracker;
    public final AppExecutors executors = new AppExecutors();
    public final ExecutorService fx = Executors.newSingleThreadExecutor(AppExecutors.named("test-fx"));

    public SandboxSession() throws IOException {
        this(SandboxConfig.defaults());
    }

    public SandboxSession(SandboxConfig config) throws IOException {
        sandbox = SandboxServer.start(config.withClock(clock));
        api = new ComfyControlClient(sandbox.baseUrl(), sandbox::demoToken, http, budget);
        tracker = new LiveWorkflowTracker(api, budget, new TrackingAllowance(1000, Duration.ofSeconds(10)),
                executors.scheduler(), TrackerSettings.defaults().withIntervals(Duration.ofMillis(200),
                Duration.ofMillis(200)), Clock.systemUTC());
    }

    @Override
    public void close() {
        tracker.close();
        fx.shutdownNow();
        executors.close();
        http.close();
        sandbox.close();
    }
}
