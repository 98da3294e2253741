package app.lightbox;

import app.lightbox.core.api.ComfyControlApi;
import app.lightbox.core.api.ComfyControlClient;
import app.lightbox.core.api.HttpStack;
import app.lightbox.core.api.RequestBudget;
import app.lightbox.core.auth.AccountException;
import app.lightbox.core.auth.AccountSession;
import app.lightbox.core.auth.AllAccountsApi;
import app.lightbox.model.User;
import java.util.List;
import app.lightbox.core.auth.AccountSettings;
import app.lightbox.core.auth.Accounts;
import app.lightbox.core.auth.DataFolder;
import app.lightbox.core.auth.TokenStores;
import app.lightbox.core.auth.TokenValidator;
import app.lightbox.core.concurrent.AppExecutors;
import app.lightbox.core.media.OutputCache;
import app.lightbox.core.media.OutputLinks;
import app.lightbox.core.media.SignedMediaClient;
import app.lightbox.core.media.ThumbnailDecoder;
import app.lightbox.core.workflow.LiveWorkflowTracker;
import app.lightbox.core.workflow.TrackerSettings;
import app.lightbox.core.workflow.TrackingAllowance;
import app.lightbox.core.workflow.WorkflowTracker;
import java.time.Clock;
import app.lightbox.core.media.ThumbnailService;
import app.lightbox.core.media.VideoProbe;
import app.lightbox.model.Account;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.ui.common.FxFrameGrabber;
import app.lightbox.ui.common.Workspace;
import app.lightbox.ui.common.WorkspaceConnector;
import app.lightbox.ui.common.WorkspaceMedia;
import app.lightbox.ui.workspace.MainViewModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The composition root: builds every long-lived service by hand and wires them through constructors.
 * One request budget per API origin, shared by every account and call that talks to it.
 */
public final class AppServices implements WorkspaceConnector, AutoCloseable {

    private static final Duration KEYCHAIN_PROBE = Duration.ofSeconds(2);
    /** Overrides where downloaded originals and thumbnails are kept (tests point it at a temporary folder). */
    public static final String CACHE_DIR_PROPERTY = "lightbox.cacheDir";
    /** Cache limits, public so the benchmarks build the media stack with the app's own. */
    public static final long ORIGINALS_MAX_BYTES = 2L * 1024 * 1024 * 1024;
    public static final long THUMBNAILS_DISK_MAX_BYTES = 256L * 1024 * 1024;
    public static final long THUMBNAILS_MEMORY_MAX_BYTES = 64L * 1024 * 1024;

    /** Opens the saved accounts (blocking: file reads and the keychain probe); runs off the FX thread. */
    @FunctionalInterface
    public interface AccountsOpener {
        Accounts open(TokenValidator validator) throws AccountException;
    }

    private final AppExecutors executors = new AppExecutors();
    /** Built on first use, off the FX thread: OkHttp and its TLS set-up are not needed for the first screen. */
    private final CompletableFuture<Network> network = new CompletableFuture<>();
    private final AtomicBoolean networkStarted = new AtomicBoolean();
    private final ThumbnailDecoder decoder = new ThumbnailDecoder();
    /** One for the app, shared by every workspace, so at most one player is busy taking a poster. */
    private final FxFrameGrabber posters = new FxFrameGrabber();
    private final Map<String, RequestBudget> budgets = new ConcurrentHashMap<>();
    private final Map<String, TrackingAllowance> allowances = new ConcurrentHashMap<>();
    /** Which origin each workspace's API talks to; weak, so a closed workspace's API can go. */
    private final Map<ComfyControlApi, String> originOf = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private final Map<Workspace, WorkflowTracker> trackers = new ConcurrentHashMap<>();
    private final SandboxConfig demoConfig;
    private final AccountsOpener accountsOpener;
    private final Path cacheRoot;
    private CompletableFuture<Accounts> accounts;

    private record Network(HttpStack http, SignedMediaClient media) {
    }

    public AppServices() {
        this(SandboxConfig.defaults().withSeedDemoWorkflows(true), AppServices::openOnThisMachine);
    }

    /**
     * @param demoConfig     how the demo workspace's sandbox is set up
     * @param accountsOpener where saved accounts and tokens live (tests use a temporary folder)
     */
    public AppServices(SandboxConfig demoConfig, AccountsOpener accountsOpener) {
        this(demoConfig, accountsOpener, defaultCacheRoot());
    }

    /** @param cacheRoot where each workspace keeps its downloaded originals and thumbnails */
    public AppServices(SandboxConfig demoConfig, AccountsOpener accountsOpener, Path cacheRoot) {
        this.demoConfig = demoConfig;
        this.accountsOpener = accountsOpener;
        this.cacheRoot = cacheRoot;
    }

    private static Path defaultCacheRoot() {
        String override = System.getProperty(CACHE_DIR_PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return DataFolder.forThisMachine().path().resolve("cache");
    }

    /** Each workspace's links, caches and thumbnails; the folder is its own so accounts never share files. */
    private WorkspaceMedia media(ComfyControlApi api, String folder) {
        Path dir = cacheRoot.resolve(folder);
        OutputLinks links = new OutputLinks(api);
        OutputCache cache = new OutputCache(dir.resolve("originals"), ORIGINALS_MAX_BYTES, links, network().media(),
                executors.io());
        ThumbnailService thumbnails = new ThumbnailService(cache, dir.resolve("thumbnails"), THUMBNAILS_DISK_MAX_BYTES,
                THUMBNAILS_MEMORY_MAX_BYTES, decoder, executors.decode(), posters);
        return new WorkspaceMedia(links, cache, thumbnails, decoder, new VideoProbe(), executors.decode(),
                executors.io(), this::openWithSystem);
    }

    /** The system's player for a file Lightbox can't show; java.awt.Desktop, off the FX thread. */
    private CompletableFuture<Void> openWithSystem(Path file) {
        return CompletableFuture.runAsync(() -> {
            try {
                if (!java.awt.Desktop.isDesktopSupported()
                        || !java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.OPEN)) {
                    throw new UnsupportedOperationException("This system gives Lightbox no way to open files in other programs");
                }
                java.awt.Desktop.getDesktop().open(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(new IOException("No program on this system opens this file ("
                        + e.getMessage() + ")", e));
            }
        }, executors.io());
    }

    private static Accounts openOnThisMachine(TokenValidator validator) throws AccountException {
        DataFolder folder = DataFolder.forThisMachine();
        try {
            folder.create();
        } catch (IOException e) {
            throw new app.lightbox.core.auth.SettingsException(
                    "Could not create the data folder " + folder.path() + ": " + e.getMessage(), e);
        }
        return Accounts.open(new AccountSettings(folder), TokenStores.choose(folder, KEYCHAIN_PROBE), validator);
    }

    /** The first caller builds it; others wait for that (once built, which is always so on the FX thread). */
    private Network network() {
        if (networkStarted.compareAndSet(false, true)) {
            try {
                HttpStack http = HttpStack.create();
                network.complete(new Network(http, new SignedMediaClient(http)));
            } catch (RuntimeException | Error e) {
                network.completeExceptionally(e);
            }
        }
        return network.join();
    }

    /** Builds the HTTP plumbing in the background, so the first sign-in or demo does not wait for it. */
    public void prepareNetwork() {
        CompletableFuture.runAsync(this::network, executors.io()).exceptionally(e -> null);
    }

    public MainViewModel mainViewModel(Executor fxThread) {
        return new MainViewModel(this, fxThread);
    }

    public AppExecutors executors() {
        return executors;
    }

    // ---- accounts

    private synchronized CompletableFuture<Accounts> accounts() {
        if (accounts == null || accounts.isCompletedExceptionally()) {
            accounts = CompletableFuture.supplyAsync(() -> {
                try {
                    return accountsOpener.open(this::validate);
                } catch (AccountException e) {
                    throw new CompletionException(e);
                }
            }, executors.io());
        }
        return accounts;
    }

    private CompletableFuture<?> validate(URI origin, String token) {
        return client(origin, () -> token).user();
    }

    @Override
    public CompletableFuture<SavedAccounts> savedAccounts() {
        return accounts().thenApply(a -> new SavedAccounts(a.list(), a.lastUsed(), a.tokenStoreName()));
    }

    @Override
    public CompletableFuture<Workspace> addAccount(String displayName, URI apiOrigin, String token) {
        return accounts().thenCompose(a -> a.add(displayName, apiOrigin, token)).thenCompose(account -> signIn(account, true));
    }

    @Override
    public CompletableFuture<Workspace> signIn(Account account, boolean lastUsed) {
        return accounts().thenCompose(a -> CompletableFuture.supplyAsync(() -> {
            try {
                String token = a.token(account.id()).orElseThrow(() -> new CompletionException(
                        new AccountException("No token is stored for " + account.displayName()
                                + " (" + a.tokenStoreName() + "). Add the account again.")));
                if (lastUsed) {
                    a.markUsed(account.id());
                }
                return new AccountSession(account, a, token, (acc, supplier) -> client(acc.apiOrigin(), supplier));
            } catch (AccountException e) {
                throw new CompletionException(e);
            }
        }, executors.io())).thenCompose(session -> session.user().thenApply(user -> {
            WorkspaceMedia m = media(session, "account-" + safeFolder(account.id()));
            return remember(session, account.apiOrigin(), new Workspace(account.displayName(), user, session, m,
                    account, session, null));
        }));
    }

    @Override
    public CompletableFuture<Void> markUsed(Account account) {
        return accounts().thenAcceptAsync(a -> {
            try {
                a.markUsed(account.id());
            } catch (AccountException e) {
                throw new CompletionException(e);
            }
        }, executors.io());
    }

    @Override
    public CompletableFuture<Account> rename(Account account, String newName) {
        return accounts().thenApplyAsync(a -> {
            try {
                return a.rename(account.id(), newName);
            } catch (AccountException e) {
                throw new CompletionException(e);
            }
        }, executors.io());
    }

    @Override
    public CompletableFuture<Void> remove(Account account) {
        return accounts().thenAcceptAsync(a -> {
            try {
                a.remove(account.id());
            } catch (AccountException e) {
                throw new CompletionException(e);
            }
        }, executors.io());
    }

    // ---- demo

    @Override
    public CompletableFuture<Workspace> openDemo() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                // The demo's ids are new every run, so last run's files are of no use: start empty.
                deleteTree(cacheRoot.resolve("demo"));
                return SandboxServer.start(demoConfig);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the demo server: " + e.getMessage(), e);
            }
        }, executors.io()).thenCompose(sandbox -> {
            ComfyControlApi api = client(sandbox.baseUrl(), sandbox::demoToken);
            WorkspaceMedia m = media(api, "demo");
            return api.user().thenApply(user -> remember(api, sandbox.baseUrl(), new Workspace("Demo workspace",
                    user, api, m, null, null, sandbox)))
                    .whenComplete((ws, failure) -> {
                        if (failure != null) {
                            sandbox.close();
                        }
                    });
        });
    }

    private Workspace remember(ComfyControlApi api, URI origin, Workspace ws) {
        originOf.put(api, originKey(origin));
        return ws;
    }

    @Override
    public Workspace allAccounts(List<Workspace> accounts) {
        AllAccountsApi api = new AllAccountsApi(accounts.stream()
                .map(w -> new AllAccountsApi.Member(w.account().displayName(), w.api())).toList());
        WorkspaceMedia m = media(api, "all-accounts");
        // The merged view's tracker draws on the first account's budget; each account's own calls still go
        // through the budget of its origin.
        return remember(api, accounts.get(0).account().apiOrigin(), new Workspace("All accounts",
                new User("all", "All accounts", null, accounts.size() + " accounts", null), api, m, null, null, null));
    }

    @Override
    public WorkflowTracker trackerFor(Workspace ws) {
        return trackers.computeIfAbsent(ws, w -> {
            String origin = originOf.get(w.api());
            if (origin == null) {
                throw new IllegalStateException("Unknown workspace: " + w.label());
            }
            return new LiveWorkflowTracker(w.api(),
                    budgets.computeIfAbsent(origin, k -> RequestBudget.comfyControlDefault()),
                    allowances.computeIfAbsent(origin, k -> TrackingAllowance.comfyControlDefault()),
                    executors.scheduler(), TrackerSettings.defaults(), Clock.systemUTC());
        });
    }

    private ComfyControlClient client(URI origin, java.util.function.Supplier<String> token) {
        RequestBudget budget = budgets.computeIfAbsent(originKey(origin), k -> RequestBudget.comfyControlDefault());
        return new ComfyControlClient(origin, token, network().http(), budget);
    }

    private static String safeFolder(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void deleteTree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Left for the size limit to take care of.
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.getLogger(AppServices.class.getName()).log(System.Logger.Level.DEBUG,
                    "Could not empty the demo cache: " + e.getMessage());
        }
    }

    private static String originKey(URI origin) {
        return origin.getScheme() + "://" + origin.getHost() + ":" + origin.getPort();
    }

    @Override
    public void close() {
        trackers.values().forEach(WorkflowTracker::close);
        trackers.clear();
        if (networkStarted.compareAndSet(false, true)) {
            network.completeExceptionally(new IllegalStateException("Lightbox is closing"));
        }
        // Closed when built, without waiting here if that is still under way.
        network.thenAccept(n -> n.http().close());
        executors.close();
    }
}
