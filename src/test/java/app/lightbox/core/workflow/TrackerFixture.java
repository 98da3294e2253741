package app.lightbox.core.workflow;

import app.lightbox.core.api.ComfyControlClient;
import app.lightbox.core.api.HttpStack;
import app.lightbox.core.api.RequestBudget;
import app.lightbox.core.api.RetryPolicy;
import app.lightbox.core.concurrent.AppExecutors;
import app.lightbox.model.Workflow;
import app.lightbox.sandbox.ManualClock;
import app.lightbox.sandbox.SandboxClock;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A sandbox on a manual clock, the real client over HTTP, and a tracker with short intervals. */
final class TrackerFixture implements AutoCloseable {

    final ManualClock clock = SandboxClock.manual(Instant.parse("2026-06-01T12:00:00Z"));
    final SandboxServer sandbox;
    final HttpStack http = HttpStack.create();
    final RequestBudget budget;
    final ComfyControlClient api;
    final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(AppExecutors.named("test-tracker"));
    final LiveWorkflowTracker tracker;
    final Events events = new Events();

    /** Polls every 40 ms while anything is in progress; no server rate limit; a generous budget. */
    static TrackerSettings fast() {
        return TrackerSettings.defaults()
                .withIntervals(Duration.ofMillis(40), Duration.ofMillis(200))
                .withMaxBackoff(Duration.ofSeconds(1));
    }

    TrackerFixture() throws IOException {
        this(SandboxConfig.defaults().withRateLimit(0, Duration.ofSeconds(10), Duration.ofSeconds(10)),
                new RequestBudget(1000, Duration.ofSeconds(10), Duration.ofMillis(500)), fast());
    }

    TrackerFixture(SandboxConfig config, RequestBudget budget, TrackerSettings settings) throws IOException {
        this.sandbox = SandboxServer.start(config.withClock(clock));
        this.budget = budget;
        this.api = new ComfyControlClient(sandbox.baseUrl(), sandbox::demoToken, http, budget,
                RetryPolicy.defaults().withBaseDelay(Duration.ofMillis(20)));
        this.tracker = new LiveWorkflowTracker(api, budget, new TrackingAllowance(1000, Duration.ofSeconds(10)),
                scheduler, settings, Clock.systemUTC());
        tracker.addListener(events);
    }

    /** What the UI would have loaded: the first {@code pages} pages of the plain list. */
    List<Workflow> loadList(int pages) {
        List<Workflow> out = new ArrayList<>();
        for (int p = 1; p <= pages; p++) {
            out.addAll(api.workflows(p, 100, null).join().workflows());
        }
        return out;
    }

    @Override
    public void close() {
        tracker.close();
        scheduler.shutdownNow();
        http.close();
        sandbox.close();
    }
}
