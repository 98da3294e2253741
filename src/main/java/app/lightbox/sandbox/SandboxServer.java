package app.lightbox.sandbox;

import app.lightbox.core.concurrent.AppExecutors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A local stand-in for ComfyControl: the /v1 API on one loopback listener and signed-URL storage on a
 * second one, addressed by a different host name ({@code localhost} instead of {@code 127.0.0.1}) so that
 * clients meet the same cross-host situation as with api. and storage.comfycontrol.app.
 */
public final class SandboxServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SandboxServer.class.getName());
    static final String USER_ID = "7c1e4b2a-93d5-4f0e-8a61-2b9f0d3c5e71";
    static final String SELF_HOSTED_RUNNER_ID = "550e8400-e29b-41d4-a716-446655440000";
    static final String MANAGED_RUNNER_ID = "9b2d6f1e-4c3a-4e8b-b7d0-1f5a2c9e8d47";
    private static final String TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, each small response
        // then waits for the peer's delayed ACK (~40 ms). Read once by the JDK, so it must be set before
        // the first HttpServer exists; it only affects com.sun.net.httpserver servers in this JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SandboxConfig config;
    private final SandboxFaults faults = new SandboxFaults();
    private final SandboxStats stats = new SandboxStats();
    private final UrlSigner signer = new UrlSigner();
    private final PreviewArt art = new PreviewArt();
    private final RateLimiter rateLimiter;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, SandboxWorkflow> workflows = new ConcurrentHashMap<>();
    private final Map<String, byte[]> assets = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ExecutorService executor;
    private final String demoToken;
    private final Instant userCreatedAt;
    private final List<HttpServer> listeners = new ArrayList<>();
    private volatile Consumer<String> onMediaServed;
    private volatile Consumer<String> onMediaHalfway;
    private URI baseUrl;
    private URI storageOrigin;

    private SandboxServer(SandboxConfig config) {
        this.config = config;
        this.rateLimiter = new RateLimiter(config.rateLimitRequests(), config.rateLimitWindow(),
                config.rateLimitCooldown());
        this.executor = Executors.newCachedThreadPool(AppExecutors.named("sandbox-http"));
        this.demoToken = randomToken();
        this.tokens.put(demoToken, Instant.MAX);
        this.userCreatedAt = config.clock().now().minus(Duration.ofDays(400));
    }

    public static SandboxServer start(SandboxConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        SandboxServer server = new SandboxServer(config);
        try {
            server.listen();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        if (config.seedDemoWorkflows()) {
            server.seedDemo();
        }
        return server;
    }

    private void listen() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        HttpServer api = HttpServer.create(new InetSocketAddress(loopback, config.port()), 64);
        api.createContext("/", new ApiHandler(this)::handle);
        api.setExecutor(executor);
        listeners.add(api);
        api.start();
        baseUrl = URI.create("http://127.0.0.1:" + api.getAddress().getPort());

        HttpServer storage = HttpServer.create(new InetSocketAddress(loopback, 0), 64);
        StorageHandler storageHandler = new StorageHandler(this);
        storage.createContext("/", storageHandler::handle);
        storage.setExecutor(executor);
        listeners.add(storage);
        storage.start();
        int storagePort = storage.getAddress().getPort();
        storageOrigin = URI.create("http://localhost:" + storagePort);
        // "localhost" may resolve to ::1 first; serve there too when the machine has IPv6 loopback.
        try {
            HttpServer storage6 = HttpServer.create(new InetSocketAddress(InetAddress.getByName("::1"), storagePort), 64);
            storage6.createContext("/", storageHandler::handle);
            storage6.setExecutor(executor);
            listeners.add(storage6);
            storage6.start();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "No IPv6 loopback for the storage listener: {0}", e.toString());
        }
        LOG.log(System.Logger.Level.DEBUG, "Sandbox API at {0}, storage at {1}", baseUrl, storageOrigin);
    }

    /** The API origin, {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The storage origin, {@code http://localhost:PORT2}: another port and another host name than the API. */
    public URI storageOrigin() {
        return storageOrigin;
    }

    /** A token valid from the start and never expiring, different for every server. */
    public String demoToken() {
        return demoToken;
    }

    public void addToken(String token) {
        addToken(token, Instant.MAX);
    }

    /** Adds a token that answers 401 "Token has expired" once the sandbox clock reaches {@code expiresAt}. */
    public void addToken(String token, Instant expiresAt) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!token.startsWith("cfc_") || token.length() < 5) {
            throw new IllegalArgumentException("ComfyControl tokens start with cfc_");
        }
        tokens.put(token, expiresAt);
    }

    /** From now on the token is unknown (401 "Invalid token"). */
    public void revokeToken(String token) {
        tokens.remove(token);
    }

    public SandboxClock clock() {
        return config.clock();
    }

    public SandboxConfig config() {
        return config;
    }

    public SandboxFaults faults() {
        return faults;
    }

    public SandboxStats stats() {
        return stats;
    }

    /** Adds a workflow created {@code spec.createdAgo} before the sandbox clock's now; returns its id. */
    public String addWorkflow(WorkflowSpec spec) {
        Objects.requireNonNull(spec, "spec");
        SecureRandom random = new SecureRandom();
        return addWorkflow(spec, () -> uuid(random));
    }

    /** Ids of all workflows, newest first (the same order as the list endpoint). */
    public List<String> workflowIds() {
        return sortedWorkflows().stream().map(SandboxWorkflow::id).toList();
    }

    /**
     * Called with the output id after each successful storage response body has been sent completely;
     * null clears. Runs on a server thread, before the next request on that connection is read.
     */
    public void onMediaServed(Consumer<String> outputId) {
        this.onMediaServed = outputId;
    }

    /**
     * Called with the output id when about half of a storage response body has been sent; null clears.
     * The storage host then checks the link's expiry again and breaks the body off if it has expired by
     * now, so a test that moves the clock on here gets a link that expires in the middle of a download.
     */
    public void onMediaHalfway(Consumer<String> outputId) {
        this.onMediaHalfway = outputId;
    }

    @Override
    public void close() {
        closing.countDown();
        for (HttpServer listener : listeners) {
            listener.stop(0);
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "Sandbox threads did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- package-private plumbing for the handlers ----

    private String addWorkflow(WorkflowSpec spec, Supplier<String> ids) {
        Instant created = config.clock().now().minus(spec.createdAgoDuration());
        String id = ids.get();
        List<SandboxWorkflow.StoredOutput> outputs = new ArrayList<>();
        for (OutputSpec o : spec.outputList()) {
            outputs.add(new SandboxWorkflow.StoredOutput(o.fixedId() != null ? o.fixedId() : "output-" + ids.get(), o));
        }
        long seed = PreviewArt.seedOf(id);
        boolean managed = Math.floorMod(seed, 4) == 0;
        SandboxWorkflow wf = new SandboxWorkflow(id, spec, created, sequence.incrementAndGet(), ids.get(),
                managed ? MANAGED_RUNNER_ID : SELF_HOSTED_RUNNER_ID, managed, seed, outputs);
        workflows.put(id, wf);
        return id;
    }

    private void seedDemo() {
        // Ids depend only on the clock, so a seeded demo looks the same each time it starts at the same instant.
        Random random = new Random(0x11687B0EL ^ config.clock().now().getEpochSecond());
        for (WorkflowSpec spec : DemoSeed.specs()) {
            addWorkflow(spec, () -> uuid(random));
        }
    }

    private static String uuid(Random random) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    SandboxWorkflow workflow(String id) {
        return id == null ? null : workflows.get(id);
    }

    List<SandboxWorkflow> sortedWorkflows() {
        Collection<SandboxWorkflow> all = workflows.values();
        List<SandboxWorkflow> list = new ArrayList<>(all);
        list.sort((a, b) -> {
            int c = b.createdAt().compareTo(a.createdAt());
            return c != 0 ? c : Long.compare(b.sequence(), a.sequence());
        });
        return list;
    }

    /** Null when the token is good, else the 401 message. */
    String tokenProblem(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "Invalid token";
        }
        Instant expiresAt = tokens.get(authorization.substring(7).trim());
        if (expiresAt == null) {
            return "Invalid token";
        }
        return config.clock().now().isBefore(expiresAt) ? null : "Token has expired";
    }

    String userId() {
        return USER_ID;
    }

    Instant userCreatedAt() {
        return userCreatedAt;
    }

    RateLimiter rateLimiter() {
        return rateLimiter;
    }

    UrlSigner signer() {
        return signer;
    }

    static String canonicalStoragePath(String workflowId, String outputId, String fileName) {
        return "/outputs/" + UrlSigner.encodeSegment(workflowId) + "/" + UrlSigner.encodeSegment(outputId) + "/"
                + UrlSigner.encodeSegment(fileName);
    }

    /** A freshly signed src for one output, valid for the configured TTL on the sandbox clock. */
    String signedSrc(SandboxWorkflow wf, SandboxWorkflow.StoredOutput output) {
        String path = canonicalStoragePath(wf.id(), output.id(), output.spec().fileName());
        long expires = config.clock().now().getEpochSecond() + config.urlTtl().toSeconds();
        String origin = config.storageRedirect() ? baseUrl + StorageHandler.REDIRECT_PREFIX : storageOrigin.toString();
        return origin + path + "?expires=" + expires + "&signature=" + signer.sign(path, expires);
    }

    byte[] mediaBytes(SandboxWorkflow wf, SandboxWorkflow.StoredOutput output) {
        OutputSpec spec = output.spec();
        return switch (spec.source()) {
            case PNG -> art.png(output.id(), wf.spec().name(), spec.width(), spec.height());
            case ASSET -> assets.computeIfAbsent(spec.assetName(), k -> spec.readAsset());
            case BYTES -> spec.data();
        };
    }

    void mediaServed(String outputId) {
        notify(onMediaServed, outputId, "onMediaServed");
    }

    void mediaHalfway(String outputId) {
        notify(onMediaHalfway, outputId, "onMediaHalfway");
    }

    private static void notify(Consumer<String> callback, String outputId, String name) {
        if (callback != null) {
            try {
                callback.accept(outputId);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, name + " callback failed", e);
            }
        }
    }

    /** Waits the injected latency; gives up early when the server closes. */
    void applyLatency() throws IOException {
        Duration latency = faults.latency();
        if (!latency.isZero()) {
            pause(latency);
        }
    }

    /** Sleeps for {@code d}; returns true if the server started closing meanwhile. */
    boolean pause(Duration d) throws IOException {
        try {
            return closing.await(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("sandbox is shutting down");
        }
    }

    boolean isClosing() {
        return closing.getCount() == 0;
    }

    static String header(HttpExchange ex, String name) {
        return ex.getRequestHeaders().getFirst(name);
    }

    private static String randomToken() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder("cfc_");
        for (int i = 0; i < 32; i++) {
            sb.append(TOKEN_ALPHABET.charAt(r.nextInt(TOKEN_ALPHABET.length())));
        }
        return sb.toString();
    }

}
