package app.lightbox.core.workflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every request a tracker sends, with when and what for, so that a harness (or a diagnostics screen) can
 * tell how hard tracking leans on the API. Holds the most recent {@value #CAPACITY} entries. Thread-safe.
 */
public final class RequestLog {

    static final int CAPACITY = 10_000;

    public enum Kind {
        /** A plain page of the workflow list. */
        LIST,
        /** A page of the list filtered to running workflows. */
        LIST_RUNNING,
        /** A page of the list filtered to queued workflows. */
        LIST_QUEUED,
        /** One workflow in full. */
        WORKFLOW,
        OUTPUTS,
        CANCEL,
        /** A status stream connection (the first one or a reconnect). */
        SUBSCRIBE
    }

    public record Entry(Instant at, Kind kind) {
    }

    /** Requests per window over a period: the total, the mean per window and the busiest window. */
    public record Rate(int total, double meanPerWindow, int maxPerWindow) {
    }

    private final Clock clock;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final AtomicInteger rateLimited = new AtomicInteger();

    public RequestLog(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    void record(Kind kind) {
        Entry e = new Entry(clock.instant(), kind);
        synchronized (entries) {
            if (entries.size() == CAPACITY) {
                entries.pollFirst();
            }
            entries.addLast(e);
        }
    }

    void recordRateLimited() {
        rateLimited.incrementAndGet();
    }

    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** Requests of this tracker that ended in a 429 after the client's own waiting and retrying. */
    public int rateLimited() {
        return rateLimited.get();
    }

    public Rate rate(Duration window, Instant from, Instant to) {
        return rate(entries().stream().map(Entry::at).toList(), window, from, to);
    }

    /**
     * Requests per {@code window} among {@code times} that fall in [from, to): the mean over the period, and
     * the maximum over every window that starts at one of the requests (a sliding window, so no burst can
     * hide across a bucket boundary).
     */
    public static Rate rate(Collection<Instant> times, Duration window, Instant from, Instant to) {
        List<Instant> in = new ArrayList<>();
        for (Instant t : times) {
            if (!t.isBefore(from) && t.isBefore(to)) {
                in.add(t);
            }
        }
        in.sort(null);
        int max = 0;
        int end = 0;
        for (int start = 0; start < in.size(); start++) {
            Instant limit = in.get(start).plus(window);
            while (end < in.size() && in.get(end).isBefore(limit)) {
                end++;
            }
            max = Math.max(max, end - start);
        }
        double periods = (double) Duration.between(from, to).toNanos() / window.toNanos();
        double mean = periods <= 0 ? 0 : in.size() / Math.max(1.0, periods);
        return new Rate(in.size(), mean, max);
    }
}
