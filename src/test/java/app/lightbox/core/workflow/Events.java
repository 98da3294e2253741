package app.lightbox.core.workflow;

import app.lightbox.model.Workflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** Collects a tracker's events and lets a test wait for one, woken by each new event. */
final class Events implements Consumer<TrackingEvent> {

    private final List<TrackingEvent> all = new ArrayList<>();

    @Override
    public synchronized void accept(TrackingEvent e) {
        all.add(e);
        notifyAll();
    }

    synchronized <T extends TrackingEvent> T await(Class<T> type, Predicate<T> match, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < all.size(); checked++) {
                TrackingEvent e = all.get(checked);
                if (type.isInstance(e) && match.test(type.cast(e))) {
                    return type.cast(e);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("Timed out after " + timeout.toMillis() + " ms waiting for " + what + "; events: " + all);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    TrackingEvent.StatusChanged awaitStatus(String id, String status) throws InterruptedException {
        return await(TrackingEvent.StatusChanged.class,
                e -> e.after().id().equals(id) && e.after().status().raw().equals(status),
                Duration.ofSeconds(10), id + " becoming " + status);
    }

    synchronized List<TrackingEvent> all() {
        return List.copyOf(all);
    }

    synchronized <T extends TrackingEvent> List<T> of(Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The statuses a workflow went through, as the StatusChanged events tell it. */
    synchronized List<String> path(String id) {
        List<String> path = new ArrayList<>();
        for (TrackingEvent e : all) {
            if (e instanceof TrackingEvent.StatusChanged c && c.after().id().equals(id)) {
                if (path.isEmpty()) {
                    path.add(c.before().status().raw());
                }
                path.add(c.after().status().raw());
            }
        }
        return path;
    }

    static boolean is(Workflow w, String id) {
        return w.id().equals(id);
    }
}
