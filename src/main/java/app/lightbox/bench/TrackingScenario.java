package app.lightbox.bench;

import app.lightbox.core.api.ComfyControlClient;
import app.lightbox.core.api.HttpStack;
import app.lightbox.core.api.RequestBudget;
import app.lightbox.core.concurrent.AppExecutors;
import app.lightbox.core.workflow.LiveWorkflowTracker;
import app.lightbox.core.workflow.RequestLog;
import app.lightbox.core.workflow.TrackerSettings;
import app.lightbox.core.workflow.TrackingAllowance;
import app.lightbox.core.workflow.TrackingEvent;
import app.lightbox.model.Workflow;
import app.lightbox.sandbox.ManualClock;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxClock;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.sandbox.WorkflowSpec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A long tracking session against the sandbox with ComfyControl's real limits (40 requests per 10 s, 10 s
 * cooldown, a stream event every 2 s, 120 per stream) and the app's default settings, in real time: 100
 * workflows that run for the whole session, 20 finished ones above them, and 9 more that finish halfway,
 * 4 of them looked at (status streams). Figures come from the sandbox's own record of arrivals.
 */
public final class TrackingScenario {

    public static final int RUNNING = 100;
    private static final int LOOKED_AT = 4;
    private static final int POLLED_FINISHING = 5;

    /** What a session measured; requests per 10 s over sliding windows. */
    public record Figures(int workflows, Duration duration, RequestLog.Rate serverSide, int rateLimited,
                          int trackerRateLimited, int completions, int expectedCompletions,
                          List<RequestLog.Entry> trackerRequests) {
    }

    private TrackingScenario() {
    }

    public static Figures run(Duration duration) throws Exception {
        ManualClock clock = SandboxClock.manual(Instant.parse("2026-06-01T12:00:00Z"));
        ScheduledExecutorService scheduler =
                Executors.newSingleThreadScheduledExecutor(AppExecutors.named("bench-tracker"));
        try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.defaults().withClock(clock));
             HttpStack http = HttpStack.create()) {
            RequestBudget budget = RequestBudget.comfyControlDefault();
            ComfyControlClient api = new ComfyControlClient(sandbox.baseUrl(), sandbox::demoToken, http, budget);

            for (int i = 0; i < RUNNING; i++) {
                sandbox.addWorkflow(WorkflowSpec.running("batch " + i).createdAgo(Duration.ofHours(3).minusMinutes(i)));
            }
            for (int i = 0; i < 20; i++) {
                sandbox.addWorkflow(WorkflowSpec.completed("done " + i).createdAgo(Duration.ofHours(2).minusMinutes(i)));
            }
            Duration untilHalfway = Duration.ofHours(12);
            List<String> lookedAt = new ArrayList<>();
            for (int i = 0; i < POLLED_FINISHING + LOOKED_AT; i++) {
                String id = sandbox.addWorkflow(WorkflowSpec.completed("finishing " + i)
                        .createdAgo(Duration.ofMinutes(30 - i))
                        .schedule(Duration.ZERO, Duration.ZERO, Duration.ZERO, untilHalfway)
                        .outputs(OutputSpec.png("out.png", 16, 16)));
                if (i >= POLLED_FINISHING) {
                    lookedAt.add(id);
                }
            }
            // What the workflow list screen loads before tracking starts (not part of the figures).
            List<Workflow> loaded = new ArrayList<>(api.workflows(1, 100, null).join().workflows());
            loaded.addAll(api.workflows(2, 100, null).join().workflows());
            sandbox.stats().reset();

            LiveWorkflowTracker tracker = new LiveWorkflowTracker(api, budget, TrackingAllowance.comfyControlDefault(),
                    scheduler, TrackerSettings.defaults(), Clock.systemUTC());
            AtomicInteger completions = new AtomicInteger();
            tracker.addListener(e -> {
                if (e instanceof TrackingEvent.Completed c && !c.outputs().isEmpty()) {
                    completions.incrementAndGet();
                }
            });
            CountDownLatch over = new CountDownLatch(1);
            Instant start = Instant.now();
            tracker.track(loaded);
            tracker.start();
            lookedAt.forEach(tracker::watch);
            scheduler.schedule(() -> clock.advance(untilHalfway), duration.toNanos() / 2, TimeUnit.NANOSECONDS);
            scheduler.schedule(over::countDown, duration.toNanos(), TimeUnit.NANOSECONDS);
            over.await();
            Instant end = Instant.now();
            tracker.close();

            RequestLog.Rate rate = RequestLog.rate(sandbox.stats().apiRequestTimes(), Duration.ofSeconds(10), start, end);
            return new Figures(RUNNING, Duration.between(start, end), rate, sandbox.stats().rateLimited(),
                    tracker.requests().rateLimited(), completions.get(), POLLED_FINISHING + LOOKED_AT,
                    tracker.requests().entries());
        } finally {
            scheduler.shutdownNow();
        }
    }
}
