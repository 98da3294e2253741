package app.lightbox;

import app.lightbox.core.api.ComfyControlApi;
import app.lightbox.core.api.ComfyControlClient;
import app.lightbox.core.api.HttpStack;
import app.lightbox.core.api.RequestBudget;
import app.lightbox.core.auth.AccountException;
import app.lightbox.core.auth.AccountSession;
import app.lightbox.core.auth.AccountSettings;
import app.lightbox.core.auth.Accounts;
import app.lightbox.core.auth.DataFolder;
import app.lightbox.core.auth.TokenStores;
import app.lightbox.core.auth.TokenValidator;
import app.lightbox.core.concurrent.AppExecutors;
import app.lightbox.core.media.RefreshingOutputBytes;
import app.lightbox.core.media.SignedMediaClient;
import app.lightbox.core.media.ThumbnailDecoder;
import app.lightbox.core.workflow.LiveWorkflowTracker;
import app.lightbox.core.workflow.TrackerSettings;
import app.lightbox.core.workflow.TrackingAllowance;
import app.lightbox.core.workflow.WorkflowTracker;
import java.time.Clock;
import app.lightbox.model.Account;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.ui.common.Workspace;
import app.lightbox.ui.common.WorkspaceConnector;
import app.lightbox.ui.workspace.MainViewModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The composition root: builds every long-lived service by hand and wires them through constructors.
 * One request budget per API origin, shared by every account and call that talks to it.
 */
public final class AppServices implements WorkspaceConnector, AutoCloseable {

    private static final Duration KEYCHAIN_PROBE = Duration.ofSeconds(2);

    /** Opens the saved accounts (blocking: file reads and the keychain probe); runs off the FX thread. */
    @FunctionalInterface
    public interface AccountsOpener {
        Accounts open(TokenValidator validator) throws AccountException;
    }

    private final AppExecutors executors = new AppExecutors();
    private final HttpStack http = HttpStack.create();
    private final SignedMediaClient media = new SignedMediaClient(http);
    private final ThumbnailDecoder decoder = new ThumbnailDecoder();
    private final Map<String, RequestBudget> budgets = new ConcurrentHashMap<>();
    private final Map<String, TrackingAllowance> allowances = new ConcurrentHashMap<>();
    /** Which origin each workspace's API talks to; weak, so a closed workspace's API can go. */
    private final Map<ComfyControlApi, String> originOf = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private final Map<Workspace, WorkflowTracker> trackers = new ConcurrentHashMap<>();
    private final SandboxConfig demoConfig;
    private final AccountsOpener accountsOpener;
    private CompletableFuture<Accounts> accounts;

    public AppServices() {
        this(SandboxConfig.defaults().withSeedDemoWorkflows(true), AppServices::openOnThisMachine);
    }

    /**
     * @param demoConfig     how the demo workspace's sandbox is set up
     * @param accountsOpener where saved accounts and tokens live (tests use a temporary folder)
     */
    public AppServices(SandboxConfig demoConfig, AccountsOpener accountsOpener) {
        this.demoConfig = demoConfig;
        this.accountsOpener = accountsOpener;
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

    public MainViewModel mainViewModel(Executor fxThread) {
        return new MainViewModel(this, decoder, executors.decode(), fxThread);
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
        return accounts().thenCompose(a -> a.add(displayName, apiOrigin, token)).thenCompose(this::signIn);
    }

    @Override
    public CompletableFuture<Workspace> signIn(Account account) {
        return accounts().thenCompose(a -> CompletableFuture.supplyAsync(() -> {
            try {
                String token = a.token(account.id()).orElseThrow(() -> new CompletionException(
                        new AccountException("No token is stored for " + account.displayName()
                                + " (" + a.tokenStoreName() + "). Add the account again.")));
                a.markUsed(account.id());
                return new AccountSession(account, a, token, (acc, supplier) -> client(acc.apiOrigin(), supplier));
            } catch (AccountException e) {
                throw new CompletionException(e);
            }
        }, executors.io())).thenCompose(session -> session.user().thenApply(user -> remember(session,
                account.apiOrigin(), new Workspace(
                account.displayName(), user, session, new RefreshingOutputBytes(session, media),
                account, session, null))));
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
                return SandboxServer.start(demoConfig);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the demo server: " + e.getMessage(), e);
            }
        }, executors.io()).thenCompose(sandbox -> {
            ComfyControlApi api = client(sandbox.baseUrl(), sandbox::demoToken);
            return api.user().thenApply(user -> remember(api, sandbox.baseUrl(), new Workspace("Demo workspace",
                    user, api, new RefreshingOutputBytes(api, media), null, null, sandbox)))
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
        return new ComfyControlClient(origin, token, http, budget);
    }

    private static String originKey(URI origin) {
        return origin.getScheme() + "://" + origin.getHost() + ":" + origin.getPort();
    }

    @Override
    public void close() {
        trackers.values().forEach(WorkflowTracker::close);
        trackers.clear();
        http.close();
        executors.close();
    }
}
