package app.lightbox.ui.workspace;

import app.lightbox.AppServices;
import app.lightbox.core.auth.AccountSettings;
import app.lightbox.core.auth.Accounts;
import app.lightbox.core.auth.InMemoryTokenStore;
import app.lightbox.core.concurrent.AppExecutors;
import app.lightbox.model.Account;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.sandbox.WorkflowSpec;
import app.lightbox.testing.Await;
import app.lightbox.ui.workflows.WorkflowListViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A studio and a personal account signed in at once: the last used opens, switching is instant and keeps place. */
class SeveralAccountsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path folder;

    private SandboxServer studio;
    private SandboxServer personal;
    private AppServices services;
    private MainViewModel vm;
    private Accounts accounts;
    private final ExecutorService fx = Executors.newSingleThreadExecutor(AppExecutors.named("test-fx"));

    @BeforeEach
    void start() throws Exception {
        studio = SandboxServer.start(SandboxConfig.defaults());
        personal = SandboxServer.start(SandboxConfig.defaults());
        studio.addWorkflow(WorkflowSpec.completed("Studio job").createdAgo(Duration.ofHours(3)));
        personal.addWorkflow(WorkflowSpec.completed("Holiday sketch").createdAgo(Duration.ofHours(2)));
        personal.addWorkflow(WorkflowSpec.completed("Cat portrait").createdAgo(Duration.ofHours(1)).outputs(
                app.lightbox.sandbox.OutputSpec.png("cat-1.png", 64, 64),
                app.lightbox.sandbox.OutputSpec.png("cat-2.png", 64, 64)));
        InMemoryTokenStore store = new InMemoryTokenStore();
        services = new AppServices(SandboxConfig.defaults(), validator -> {
            Accounts a = Accounts.open(new AccountSettings(folder.resolve("accounts.json"), Clock.systemUTC()),
                    store, validator);
            accounts = a;
            if (a.list().isEmpty()) {
                Account s = a.add("Studio", studio.baseUrl(), studio.demoToken()).join();
                a.add("Personal", personal.baseUrl(), personal.demoToken()).join();
                a.markUsed(s.id());
            }
            return a;
        });
        vm = services.mainViewModel(fx);
    }

    @AfterEach
    void stop() throws Exception {
        fx.submit(vm::close).get();
        fx.shutdownNow();
        services.close();
        studio.close();
        personal.close();
    }

    @Test
    void switchingBetweenSignedInAccountsKeepsEachOnesPlace() throws Exception {
        run(vm::start);
        awaitRows("Studio job");
        assertEquals("Demo Artist · pro · Studio", on(() -> vm.accountLabelProperty().get()));
        WorkflowListViewModel studioList = on(() -> vm.workflowsProperty().get());

        Account personalAccount = on(() -> vm.accounts().stream()
                .filter(a -> a.displayName().equals("Personal")).findFirst().orElseThrow());
        run(() -> vm.switchTo(personalAccount));
        awaitRows("Cat portrait");
        assertEquals(2, on(() -> vm.workflowsProperty().get().workflows().size()));

        Account studioAccount = on(() -> vm.accounts().get(0));
        run(() -> vm.switchTo(studioAccount));
        assertSame(studioList, on(() -> vm.workflowsProperty().get()), "the studio list is the same as before");
        assertEquals("Demo Artist · pro · Studio", on(() -> vm.accountLabelProperty().get()));
        Await.until(() -> accounts.lastUsed().map(a -> a.displayName().equals("Studio")).orElse(false), WAIT,
                "switching back makes Studio the one that opens next time", fx);
    }

    @Test
    void allAccountsShowsEveryonesWorkflowsAndRoutesEachToItsAccount() throws Exception {
        run(vm::start);
        awaitRows("Studio job");
        run(vm::openAllAccounts);
        Await.until(() -> on(() -> vm.workflowsProperty().get() != null
                && vm.workflowsProperty().get().workflows().size() == 3), WAIT, "three rows", fx);
        WorkflowListViewModel all = on(() -> vm.workflowsProperty().get());
        assertEquals(java.util.List.of("Cat portrait", "Holiday sketch", "Studio job"),
                on(() -> all.workflows().stream().map(w -> w.name()).toList()), "newest first across accounts");
        assertEquals("Personal", on(() -> all.workflows().get(0).tags().get(0)), "each row names its account");
        assertEquals("Studio", accounts.lastUsed().orElseThrow().displayName(),
                "opening all accounts does not change which one opens next time");

        run(() -> all.select(all.workflows().get(0)));
        Await.until(() -> on(() -> vm.galleryProperty().get().tiles().size() == 2), WAIT, "the cat's outputs", fx);
        assertEquals(1, personal.stats().outputsRequests(on(() ->
                app.lightbox.core.auth.AllAccountsApi.rawId(all.workflows().get(0).id()))),
                "asked of the account the workflow belongs to");
    }

    private void awaitRows(String newest) throws InterruptedException {
        Await.until(() -> on(() -> vm.workflowsProperty().get() != null
                        && !vm.workflowsProperty().get().workflows().isEmpty()
                        && vm.workflowsProperty().get().workflows().get(0).name().equals(newest)),
                WAIT, "rows of " + newest, fx);
    }

    private void run(Runnable r) throws Exception {
        fx.submit(r).get();
    }

    private <T> T on(Callable<T> c) {
        try {
            return fx.submit(c).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
