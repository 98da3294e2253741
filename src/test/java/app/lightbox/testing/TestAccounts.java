package app.lightbox.testing;

import app.lightbox.AppServices;
import app.lightbox.core.auth.AccountSettings;
import app.lightbox.core.auth.Accounts;
import app.lightbox.core.auth.InMemoryTokenStore;

import app.lightbox.LightboxApp;
import app.lightbox.ui.workspace.MainViewModel;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.time.Clock;

/** Saved accounts in a test's own folder, tokens in memory: the UI tests never touch the real home. */
public final class TestAccounts {

    private TestAccounts() {
    }

    /** Accounts in {@code folder}; on first open, one account named {@code name} is added (checked with the server). */
    public static AppServices.AccountsOpener withAccount(Path folder, String name, URI origin, String token,
                                                         Consumer<Accounts> opened) {
        InMemoryTokenStore store = new InMemoryTokenStore();
        return validator -> {
            Accounts accounts = Accounts.open(new AccountSettings(folder.resolve("accounts.json"), Clock.systemUTC()),
                    store, validator);
            if (accounts.list().isEmpty()) {
                accounts.add(name, origin, token).join();
            }
            opened.accept(accounts);
            return accounts;
        };
    }

    /** Shows the app's window content for {@code services} on {@code stage} and starts it like the app does. */
    public static MainViewModel show(Stage stage, AppServices services) {
        MainViewModel vm = services.mainViewModel(Platform::runLater);
        stage.setScene(LightboxApp.createScene(vm));
        stage.show();
        vm.start();
        return vm;
    }

    /** Closes what {@link #show} opened. */
    public static void close(MainViewModel vm, AppServices services) throws Exception {
        WaitForAsyncUtils.asyncFx(vm::close).get(10, TimeUnit.SECONDS);
        services.close();
    }

    public static AppServices.AccountsOpener in(Path folder) {
        InMemoryTokenStore store = new InMemoryTokenStore();
        return validator -> Accounts.open(new AccountSettings(folder.resolve("accounts.json"), Clock.systemUTC()),
                store, validator);
    }
}
