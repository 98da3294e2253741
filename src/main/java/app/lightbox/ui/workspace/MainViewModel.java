package app.lightbox.ui.workspace;

import app.lightbox.core.api.UnauthorizedException;
import app.lightbox.model.Account;
import app.lightbox.ui.accounts.AddAccountViewModel;
import app.lightbox.ui.common.Errors;
import app.lightbox.ui.common.Workspace;
import app.lightbox.ui.common.WorkspaceConnector;
import app.lightbox.ui.gallery.GalleryViewModel;
import app.lightbox.core.workflow.WorkflowTracker;
import app.lightbox.ui.workflows.WorkflowDetailsViewModel;
import app.lightbox.ui.workflows.WorkflowListViewModel;
import java.time.ZoneId;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The window's state: the welcome screen until a workspace is open, then the workflow list beside the
 * gallery of the selected workflow. Saved accounts stay signed in once opened, so switching is instant;
 * a token the server stops accepting is asked for again in place, and the work that hit the 401 resumes.
 */
public final class MainViewModel implements AutoCloseable {

    public enum Screen { STARTING, WELCOME, WORKSPACE }

    private final ObjectProperty<Screen> screen = new SimpleObjectProperty<>(Screen.STARTING);
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final StringProperty accountLabel = new SimpleStringProperty("");
    private final StringProperty tokenStoreName = new SimpleStringProperty("");
    private final ObservableList<Account> accounts = FXCollections.observableArrayList();
    /** Held once: an unmodifiable view listens weakly, so a fresh one per call could stop updating. */
    private final ObservableList<Account> accountsView = FXCollections.unmodifiableObservableList(accounts);
    private final ObjectProperty<Workspace> current = new SimpleObjectProperty<>();
    private final ObjectProperty<WorkflowListViewModel> workflows = new SimpleObjectProperty<>();
    private final ObjectProperty<GalleryViewModel> gallery = new SimpleObjectProperty<>();
    private final ObjectProperty<WorkflowDetailsViewModel> details = new SimpleObjectProperty<>();
    private final StringProperty reauthMessage = new SimpleStringProperty();
    private final StringProperty reauthError = new SimpleStringProperty();
    private final BooleanProperty reauthBusy = new SimpleBooleanProperty();

    private final WorkspaceConnector connector;
    private final Executor fx;
    private final Map<String, Workspace> signedIn = new HashMap<>();
    private final Map<String, String> waitingForToken = new HashMap<>();
    /** Each open workspace keeps its own list, details and gallery, so switching back finds them as they were. */
    private final Map<Workspace, Screens> screens = new HashMap<>();
    private Workspace demo;
    private Workspace allAccounts;
    private List<String> allAccountsMembers = List.of();

    public MainViewModel(WorkspaceConnector connector, Executor fx) {
        this.connector = connector;
        this.fx = fx;
    }

    // ---- properties

    public ReadOnlyObjectProperty<Screen> screenProperty() {
        return screen;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    /** "Demo Artist · pro · Studio". */
    public ReadOnlyStringProperty accountLabelProperty() {
        return accountLabel;
    }

    /** Where saved tokens are kept ("Encrypted file (…)", "macOS Keychain"). */
    public ReadOnlyStringProperty tokenStoreNameProperty() {
        return tokenStoreName;
    }

    public ObservableList<Account> accounts() {
        return accountsView;
    }

    public ReadOnlyObjectProperty<Workspace> currentProperty() {
        return current;
    }

    public ReadOnlyObjectProperty<WorkflowListViewModel> workflowsProperty() {
        return workflows;
    }

    public ReadOnlyObjectProperty<GalleryViewModel> galleryProperty() {
        return gallery;
    }

    public ReadOnlyObjectProperty<WorkflowDetailsViewModel> detailsProperty() {
        return details;
    }

    /** Non-null while the shown account's token was refused and a new one is needed. */
    public ReadOnlyStringProperty reauthMessageProperty() {
        return reauthMessage;
    }

    public ReadOnlyStringProperty reauthErrorProperty() {
        return reauthError;
    }

    public ReadOnlyBooleanProperty reauthBusyProperty() {
        return reauthBusy;
    }

    // ---- commands

    /** Loads the saved accounts and opens the one used last, or shows the welcome screen. */
    public void start() {
        start(true);
    }

    /** @param openLastUsed false to only list the saved accounts (when the demo opens instead) */
    public void start(boolean openLastUsed) {
        busy.set(openLastUsed);
        connector.savedAccounts().whenCompleteAsync((saved, failure) -> {
            if (openLastUsed) {
                busy.set(false);
            }
            if (failure != null) {
                error.set("Your saved accounts could not be read: " + Errors.describe(failure));
                if (openLastUsed) {
                    screen.set(Screen.WELCOME);
                }
                return;
            }
            accounts.setAll(saved.accounts());
            tokenStoreName.set(saved.tokenStoreName());
            if (!openLastUsed) {
                return;
            }
            if (saved.lastUsed().isPresent()) {
                switchTo(saved.lastUsed().get());
            } else {
                screen.set(Screen.WELCOME);
            }
        }, fx);
    }

    public void openDemo() {
        if (demo != null) {
            show(demo);
            return;
        }
        open(connector.openDemo());
    }

    /** A form for a new account; a success signs in and shows it. */
    public AddAccountViewModel newAccountForm() {
        return new AddAccountViewModel(connector, fx, ws -> {
            if (!accounts.contains(ws.account())) {
                accounts.add(ws.account());
            }
            show(ws);
        }, tokenStoreName.get());
    }

    /**
     * One list over every saved account: signs in those not signed in yet (an account whose token is refused
     * is left out and named), then shows their workflows together.
     */
    public void openAllAccounts() {
        if (accounts.isEmpty() || busy.get()) {
            return;
        }
        busy.set(true);
        error.set(null);
        List<Account> saved = List.copyOf(accounts);
        List<CompletableFuture<Workspace>> opening = saved.stream().map(a -> {
            Workspace open = signedIn.get(a.id());
            return open != null ? CompletableFuture.completedFuture(open)
                    : connector.signIn(a, false).handle((ws, failure) -> failure == null ? ws : null);
        }).toList();
        CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).whenCompleteAsync((done, failure) -> {
            busy.set(false);
            List<Workspace> open = new java.util.ArrayList<>();
            List<String> missing = new java.util.ArrayList<>();
            for (int i = 0; i < saved.size(); i++) {
                Workspace ws = opening.get(i).join();
                if (ws == null) {
                    missing.add(saved.get(i).displayName());
                } else {
                    signedIn.putIfAbsent(ws.account().id(), ws);
                    open.add(ws);
                }
            }
            if (open.isEmpty()) {
                error.set("None of the accounts could be signed in.");
                return;
            }
            List<String> members = open.stream().map(w -> w.account().id()).toList();
            if (allAccounts == null || !members.equals(allAccountsMembers)) {
                closeScreens(allAccounts);
                allAccounts = connector.allAccounts(open);
                allAccountsMembers = members;
            }
            show(allAccounts);
            if (!missing.isEmpty()) {
                error.set("Left out (could not sign in): " + String.join(", ", missing));
            }
        }, fx);
    }

    public void switchTo(Account account) {
        Workspace open = signedIn.get(account.id());
        if (open != null) {
            show(open);
            connector.markUsed(account).whenCompleteAsync((ok, failure) -> {
                if (failure != null) {
                    error.set("Could not remember " + account.displayName() + " for next time: "
                            + Errors.describe(failure));
                }
            }, fx);
            return;
        }
        open(connector.signIn(account, true));
    }

    public void renameCurrent(String newName) {
        Workspace ws = current.get();
        if (ws == null || ws.isDemo()) {
            return;
        }
        connector.rename(ws.account(), newName).whenCompleteAsync((renamed, failure) -> {
            if (failure != null) {
                error.set(Errors.describe(failure));
                return;
            }
            int i = accounts.indexOf(ws.account());
            if (i >= 0) {
                accounts.set(i, renamed);
            }
            error.set(null);
            accountLabel.set(label(ws.user().name(), ws.user().tier(), renamed.displayName()));
        }, fx);
    }

    /** Forgets the shown account and its token, then opens another account or the welcome screen. */
    public void removeCurrent() {
        Workspace ws = current.get();
        if (ws == null || ws.isDemo()) {
            return;
        }
        connector.remove(ws.account()).whenCompleteAsync((ok, failure) -> {
            if (failure != null) {
                error.set(Errors.describe(failure));
                return;
            }
            signedIn.remove(ws.account().id());
            closeScreens(ws);
            waitingForToken.remove(ws.account().id());
            accounts.remove(ws.account());
            ws.close();
            if (!accounts.isEmpty()) {
                switchTo(accounts.get(0));
            } else {
                current.set(null);
                screen.set(Screen.WELCOME);
            }
        }, fx);
    }

    /** Checks a pasted token for the shown account; on success the work that was waiting goes on. */
    public void submitNewToken(String token) {
        Workspace ws = current.get();
        if (ws == null || ws.session() == null || reauthBusy.get()) {
            return;
        }
        String t = token == null ? "" : token.strip();
        if (!t.startsWith("cfc_")) {
            reauthError.set("ComfyControl tokens start with “cfc_”.");
            return;
        }
        reauthBusy.set(true);
        reauthError.set(null);
        ws.session().replaceToken(t).whenCompleteAsync((ok, failure) -> {
            reauthBusy.set(false);
            if (failure != null) {
                reauthError.set(Errors.describe(failure));
                return;
            }
            waitingForToken.remove(ws.account().id());
            if (current.get() == ws) {
                reauthMessage.set(null);
            }
        }, fx);
    }

    private void open(CompletableFuture<Workspace> opening) {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        error.set(null);
        opening.whenCompleteAsync((ws, failure) -> {
            busy.set(false);
            if (failure != null) {
                error.set(Errors.describe(failure));
                if (screen.get() == Screen.STARTING) {
                    screen.set(Screen.WELCOME);
                }
                return;
            }
            show(ws);
        }, fx);
    }

    private void show(Workspace ws) {
        if (ws == allAccounts) {
            // neither the demo nor a saved account
        } else if (ws.isDemo()) {
            demo = ws;
        } else if (signedIn.putIfAbsent(ws.account().id(), ws) == null) {
            ws.session().onNeedsToken(why -> fx.execute(() -> tokenRefused(ws, why)));
        }
        current.set(ws);
        error.set(null);
        accountLabel.set(ws == allAccounts ? ws.label() + " · " + ws.user().tier()
                : label(ws.user().name(), ws.user().tier(), ws.label()));
        reauthMessage.set(ws.account() == null ? null : waitingForToken.get(ws.account().id()));
        reauthError.set(null);
        Screens views = screens.get(ws);
        boolean fresh = views == null;
        if (fresh) {
            views = screensFor(ws);
            screens.put(ws, views);
        }
        gallery.set(views.gallery());
        details.set(views.details());
        workflows.set(views.list());
        screen.set(Screen.WORKSPACE);
        if (fresh) {
            views.list().refresh();
        }
    }

    private void closeScreens(Workspace ws) {
        Screens views = ws == null ? null : screens.remove(ws);
        if (views != null) {
            views.list().close();
            views.tracker().close();
        }
    }

    private record Screens(WorkflowListViewModel list, GalleryViewModel gallery, WorkflowDetailsViewModel details,
                           WorkflowTracker tracker) {
    }

    private Screens screensFor(Workspace ws) {
        WorkflowTracker tracker = connector.trackerFor(ws);
        WorkflowListViewModel list = new WorkflowListViewModel(ws.api(), tracker, fx);
        GalleryViewModel g = new GalleryViewModel(ws.api(), ws.media(), fx);
        WorkflowDetailsViewModel d = new WorkflowDetailsViewModel(ws.api(), tracker, fx, ZoneId.systemDefault());
        list.selectedProperty().addListener((obs, old, now) -> {
            d.show(now);
            boolean sameState = old != null && now != null && old.id().equals(now.id())
                    && old.status().equals(now.status());
            if (!sameState) {
                g.show(now);
            }
        });
        return new Screens(list, g, d, tracker);
    }

    private void tokenRefused(Workspace ws, UnauthorizedException why) {
        String text = "ComfyControl no longer accepts the token of “" + ws.account().displayName() + "” ("
                + (why.serverMessage() == null ? "401" : why.serverMessage())
                + "). Paste a new token to carry on; nothing you were doing is lost.";
        waitingForToken.put(ws.account().id(), text);
        if (current.get() == ws) {
            reauthMessage.set(text);
            reauthError.set(null);
        }
    }

    private static String label(String user, String tier, String where) {
        return user + " · " + tier + " · " + where;
    }

    @Override
    public void close() {
        screens.values().forEach(v -> {
            v.list().close();
            v.tracker().close();
        });
        screens.clear();
        signedIn.values().forEach(Workspace::close);
        signedIn.clear();
        if (demo != null) {
            demo.close();
            demo = null;
        }
    }
}
