package app.lightbox.core.workflow;

import app.lightbox.bench.TrackingScenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100 running workflows plus a few looked-at ones, tracked with the default settings against ComfyControl's
 * real limits for 40 s of real time: at most 20 requests in any 10 s, and never a 429. The sandbox paces
 * streams and rate limits in real time, so this cannot be compressed honestly; `lightbox bench --only tracking` runs the
 * same session for longer.
 */
class TrackingBudgetTest {

    @Test
    void staysWithinTwentyRequestsPerTenSecondsWithoutA429() throws Exception {
        TrackingScenario.Figures f = TrackingScenario.run(Duration.ofSeconds(40));

        Map<RequestLog.Kind, Integer> kinds = new TreeMap<>();
        f.trackerRequests().forEach(e -> kinds.merge(e.kind(), 1, Integer::sum));
        String summary = f.serverSide() + " " + kinds;
        assertEquals(0, f.rateLimited(), "429 answers: " + summary);
        assertTrue(f.serverSide().maxPerWindow() <= 20, "busiest 10 s: " + summary);
        assertTrue(f.serverSide().meanPerWindow() <= 20, "mean per 10 s: " + summary);
        assertEquals(f.expectedCompletions(), f.completions(), "all finishing workflows delivered outputs: " + summary);
        // Every request that reached the server was one the tracker logged (one may still be on its way at the end).
        assertTrue(Math.abs(f.serverSide().total() - f.trackerRequests().size()) <= 1,
                "logged " + f.trackerRequests().size() + ", arrived " + summary);
    }
}
