package app.lightbox.core.concurrent;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place that owns the app's threads: named daemon threads with an uncaught-exception handler that
 * logs instead of dying silently, and a single shutdown. HTTP work runs on OkHttp's dispatcher instead.
 */
public final class AppExecutors implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AppExecutors.class.getName());

    /** Decoding is CPU-bound: at most one thread per core, and never more than 4, with a bounded queue. */
    private static final int DECODE_QUEUE = 4096;

    private final ThreadPoolExecutor decode;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService io;

    public AppExecutors() {
        int decodeThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        this.decode = new ThreadPoolExecutor(decodeThreads, decodeThreads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(DECODE_QUEUE), named("lightbox-decode"),
                new ThreadPoolExecutor.AbortPolicy());
        this.decode.allowCoreThreadTimeOut(true);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("lightbox-scheduler"));
        this.io = new ThreadPoolExecutor(0, 4, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1024), named("lightbox-io"), new ThreadPoolExecutor.AbortPolicy());
    }

    /** Image decoding and scaling. */
    public ExecutorService decode() {
        return decode;
    }

    /** Timers: backoff, polling, cooldowns. Tasks must be short. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Blocking file work (writes, moves) and short blocking start-up tasks. */
    public ExecutorService io() {
        return io;
    }

    public static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((th, e) ->
                    LOG.log(System.Logger.Level.ERROR, "Uncaught exception on " + th.getName(), e));
            return t;
        };
    }

    @Override
    public void close() {
        decode.shutdownNow();
        scheduler.shutdownNow();
        io.shutdownNow();
    }
}
