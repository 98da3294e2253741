package app.lightbox;

import app.lightbox.core.api.ComfyControlClient;
import app.lightbox.core.api.HttpStack;
import app.lightbox.core.api.RequestBudget;
import app.lightbox.core.concurrent.AppExecutors;
import app.lightbox.core.media.RefreshingOutputBytes;
import app.lightbox.core.media.SignedMediaClient;
import app.lightbox.core.media.ThumbnailDecoder;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.ui.common.Workspace;
import app.lightbox.ui.common.WorkspaceConnector;
import app.lightbox.ui.workspace.MainViewModel;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The composition root: builds every long-lived service by hand and wires them through constructors.
 * One request budget per API origin, shared by everything that talks to it.
 */
public final class AppServices implements WorkspaceConnector, AutoCloseable {

    private final AppExecutors executors = new AppExecutors();
    private final HttpStack http = HttpStack.create();
    private final SignedMediaClient media = new SignedMediaClient(http);
    private final ThumbnailDecoder decoder = new ThumbnailDecoder();
    private final Map<String, RequestBudget> budgets = new ConcurrentHashMap<>();
    private final SandboxConfig demoConfig;

    public AppServices() {
        this(SandboxConfig.defaults().withSeedDemoWorkflows(true));
    }

    /** @param demoConfig how the demo workspace's sandbox is set up (tests shorten its clocks) */
    public AppServices(SandboxConfig demoConfig) {
        this.demoConfig = demoConfig;
    }

    public MainViewModel mainViewModel(Executor fxThread) {
        return new MainViewModel(this, decoder, executors.decode(), fxThread);
    }

    public AppExecutors executors() {
        return executors;
    }

    @Override
    public CompletableFuture<Workspace> openDemo() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return SandboxServer.start(demoConfig);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Could not start the demo server: " + e.getMessage(), e);
            }
        }, executors.io()).thenCompose(sandbox ->
                signIn(sandbox.baseUrl(), sandbox.demoToken(), "Demo workspace", sandbox)
                        .whenComplete((ws, failure) -> {
                            if (failure != null) {
                                sandbox.close();
                            }
                        }));
    }

    @Override
    public CompletableFuture<Workspace> connect(URI apiOrigin, String token) {
        return signIn(apiOrigin, token, apiOrigin.getHost(), null);
    }

    private CompletableFuture<Workspace> signIn(URI origin, String token, String label, AutoCloseable resources) {
        RequestBudget budget = budgets.computeIfAbsent(originKey(origin), k -> RequestBudget.comfyControlDefault());
        ComfyControlClient api = new ComfyControlClient(origin, () -> token, http, budget);
        return api.user().thenApply(user ->
                new Workspace(label, user, api, new RefreshingOutputBytes(api, media), resources));
    }

    private static String originKey(URI origin) {
        return origin.getScheme() + "://" + origin.getHost() + ":" + origin.getPort();
    }

    @Override
    public void close() {
        http.close();
        executors.close();
    }
}
