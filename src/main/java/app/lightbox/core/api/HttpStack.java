package app.lightbox.core.api;

import app.lightbox.core.concurrent.AppExecutors;

import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The app's HTTP plumbing: one base {@link OkHttpClient} whose dispatcher and connection pool every derived
 * client shares, plus one scheduler for delayed work (rate-limit waits, retry backoff). All threads are
 * named daemons owned here, and {@link #close()} shuts them down.
 *
 * <p>The base client carries no credentials; API and media clients derive from it with
 * {@code client().newBuilder()} and add only what they need.
 */
public final class HttpStack implements AutoCloseable {

    private final OkHttpClient client;
    private final ExecutorService dispatcherThreads;
    private final ScheduledExecutorService scheduler;

    private HttpStack(Duration connectTimeout, Duration readTimeout) {
        this.dispatcherThreads = Executors.newCachedThreadPool(AppExecutors.named("lightbox-http"));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, AppExecutors.named("lightbox-http-timer"));
        timer.setRemoveOnCancelPolicy(true);
        this.scheduler = timer;
        Dispatcher dispatcher = new Dispatcher(dispatcherThreads);
        // Status streams hold a connection each for minutes; OkHttp's default of 5 per host would let a few
        // of them starve ordinary calls to the same API host.
        dispatcher.setMaxRequests(64);
        dispatcher.setMaxRequestsPerHost(24);
        this.client = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool())
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    public static HttpStack create() {
        return new HttpStack(Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    public static HttpStack create(Duration connectTimeout, Duration readTimeout) {
        return new HttpStack(connectTimeout, readTimeout);
    }

    /** The shared base client: no interceptors, no redirects, no credentials. Derive, don't modify. */
    public OkHttpClient client() {
        return client;
    }

    /** For delayed work only (waits, backoff); never block on it. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        client.dispatcher().cancelAll();
        scheduler.shutdownNow();
        dispatcherThreads.shutdown();
        client.connectionPool().evictAll();
        try {
            dispatcherThreads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
