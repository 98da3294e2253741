package app.lightbox.testing;

import app.lightbox.AppServices;
import app.lightbox.core.auth.AccountSettings;
import app.lightbox.core.auth.Accounts;
import app.lightbox.core.auth.InMemoryTokenStore;

import java.nio.file.Path;
import java.time.Clock;

/** Saved accounts in a test's own folder, tokens in memory: the UI tests never touch the real home. */
public final class TestAccounts {

    private TestAccounts() {
    }

    public static AppServices.AccountsOpener in(Path folder) {
        InMemoryTokenStore store = new InMemoryTokenStore();
        return validator -> Accounts.open(new AccountSettings(folder.resolve("accounts.json"), Clock.systemUTC()),
                store, validator);
    }
}
