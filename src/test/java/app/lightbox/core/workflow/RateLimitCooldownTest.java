package app.lightbox.core.workflow;

import app.lightbox.core.api.RequestBudget;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.WorkflowSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After a 429 nothing reaches ComfyControl until the cooldown has passed, and tracking then carries on. */
class RateLimitCooldownTest {

    private static final Duration COOLDOWN = Duration.ofMillis(1500);
    private static final Duration PHASE = Duration.ofSeconds(10);

    private TrackerFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void sendsNothingDuringTheCooldown() throws Exception {
        f = new TrackerFixture(SandboxConfig.defaults().withRateLimit(40, Duration.ofSeconds(10), COOLDOWN),
                new RequestBudget(36, Duration.ofSeconds(10), COOLDOWN), TrackerFixture.fast());
        String id = f.sandbox.addWorkflow(WorkflowSpec.completed("render")
                .schedule(Duration.ZERO, PHASE, PHASE, PHASE));
        f.tracker.track(f.loadList(1));
        f.tracker.start();
        f.clock.advance(PHASE);
        f.events.awaitStatus(id, "queued");

        Instant injected = Instant.now();
        f.sandbox.faults().failNextApiRequests(1, 429);
        f.clock.advance(PHASE);
        f.events.awaitStatus(id, "running");
        f.clock.advance(PHASE);
        f.events.awaitStatus(id, "completed");
        Waits.polls(f.tracker, 2);

        List<Instant> times = f.sandbox.stats().apiRequestTimes();
        Instant refused = times.stream().filter(t -> !t.isBefore(injected)).findFirst().orElseThrow();
        Instant cooledDown = refused.plus(COOLDOWN);
        List<Instant> during = times.stream().filter(t -> t.isAfter(refused) && t.isBefore(cooledDown)).toList();
        assertEquals(List.of(), during, "requests during the cooldown after the 429 at " + refused);
        long rightAfter = times.stream().filter(t -> !t.isBefore(cooledDown)
                && t.isBefore(cooledDown.plusMillis(100))).count();
        assertTrue(rightAfter <= 4, "no burst of held-back work after the cooldown: " + rightAfter);
        assertFalse(times.stream().noneMatch(t -> t.isAfter(cooledDown)), "tracking went on after the cooldown");
        assertEquals(1, f.sandbox.stats().rateLimited());
    }
}
