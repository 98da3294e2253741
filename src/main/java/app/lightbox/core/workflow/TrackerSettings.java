package app.lightbox.core.workflow;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a {@link LiveWorkflowTracker} looks and how much it may hold open.
 *
 * @param activeInterval   between list polls while a polled workflow is not yet terminal
 * @param idleInterval     between list polls when nothing polled is in progress (new-workflow detection only)
 * @param maxBackoff       the longest wait after repeated failures
 * @param maxStreams       status streams open at once for looked-at workflows; the rest are polled
 * @param maxPagesPerScan  list pages one scan may read before giving up for this round
 * @param maxDetailsPerPoll single-workflow fetches one poll may make to confirm workflows that left a filter
 */
public record TrackerSettings(Duration activeInterval, Duration idleInterval, Duration maxBackoff,
                              int maxStreams, int maxPagesPerScan, int maxDetailsPerPoll) {

    public TrackerSettings {
        Objects.requireNonNull(activeInterval, "activeInterval");
        Objects.requireNonNull(idleInterval, "idleInterval");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (activeInterval.isNegative() || activeInterval.isZero() || idleInterval.compareTo(activeInterval) < 0
                || maxBackoff.compareTo(activeInterval) < 0) {
            throw new IllegalArgumentException("need 0 < activeInterval <= idleInterval and activeInterval <= maxBackoff");
        }
        if (maxStreams < 0 || maxPagesPerScan < 1 || maxDetailsPerPoll < 1) {
            throw new IllegalArgumentException("maxStreams >= 0, maxPagesPerScan >= 1, maxDetailsPerPoll >= 1");
        }
    }

    /** 4 s while something runs, 30 s otherwise, at most 2 min between tries after errors, 4 streams. */
    public static TrackerSettings defaults() {
        return new TrackerSettings(Duration.ofSeconds(4), Duration.ofSeconds(30), Duration.ofMinutes(2), 4, 5, 4);
    }

    public TrackerSettings withIntervals(Duration active, Duration idle) {
        return new TrackerSettings(active, idle, maxBackoff.compareTo(active) < 0 ? active : maxBackoff,
                maxStreams, maxPagesPerScan, maxDetailsPerPoll);
    }

    public TrackerSettings withMaxBackoff(Duration max) {
        return new TrackerSettings(activeInterval, idleInterval, max, maxStreams, maxPagesPerScan, maxDetailsPerPoll);
    }

    public TrackerSettings withMaxStreams(int n) {
        return new TrackerSettings(activeInterval, idleInterval, maxBackoff, n, maxPagesPerScan, maxDetailsPerPoll);
    }
}
