package app.lightbox.core.media;

import java.util.concurrent.Executor;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Orders work for a shared pool by priority (higher first, then first come) and lets queued work be taken
 * back. Every submission hands the pool one "run the most urgent task" step, so the pool's own threads
 * and bounds stay in charge while this queue decides what runs next.
 */
final class PriorityTaskQueue {

    static final class Task implements Comparable<Task> {
        private final int priority;
        private final long seq;
        private final Runnable work;

        private Task(int priority, long seq, Runnable work) {
            this.priority = priority;
            this.seq = seq;
            this.work = work;
        }

        @Override
        public int compareTo(Task o) {
            int byPriority = Integer.compare(o.priority, priority);
            return byPriority != 0 ? byPriority : Long.compare(seq, o.seq);
        }
    }

    private final Executor pool;
    private final PriorityBlockingQueue<Task> queue = new PriorityBlockingQueue<>();
    private final AtomicLong seq = new AtomicLong();

    PriorityTaskQueue(Executor pool) {
        this.pool = pool;
    }

    /** Queues {@code work}; throws {@link RejectedExecutionException} if the pool takes no more. */
    Task submit(int priority, Runnable work) {
        Task t = new Task(priority, seq.incrementAndGet(), work);
        queue.add(t);
        try {
            pool.execute(this::runMostUrgent);
        } catch (RejectedExecutionException e) {
            queue.remove(t);
            throw e;
        }
        return t;
    }

    /** Takes a task back if it has not started; true if it was still queued. */
    boolean remove(Task t) {
        return t != null && queue.remove(t);
    }

    int queued() {
        return queue.size();
    }

    private void runMostUrgent() {
        Task t = queue.poll();
        if (t != null) {
            t.work.run();
        }
    }
}
