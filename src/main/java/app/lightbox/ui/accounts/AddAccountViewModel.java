package app.lightbox.ui.accounts;

import app.lightbox.ui.common.Errors;
import app.lightbox.ui.common.Workspace;
import app.lightbox.ui.common.WorkspaceConnector;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** Adding an account: a name, a server and a token, checked with the server before anything is stored. */
public final class AddAccountViewModel {

    public enum State { EDITING, CHECKING, FAILED, DONE }

    public static final String DEFAULT_ORIGIN = "https://api.comfycontrol.app";

    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty server = new SimpleStringProperty(DEFAULT_ORIGIN);
    private final StringProperty token = new SimpleStringProperty("");
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.EDITING);
    private final StringProperty message = new SimpleStringProperty();

    private final WorkspaceConnector connector;
    private final Executor fx;
    private final Consumer<Workspace> onSignedIn;
    private final String tokenStoreName;

    /** @param tokenStoreName where accepted tokens are kept, to tell the artist (may be blank) */
    public AddAccountViewModel(WorkspaceConnector connector, Executor fx, Consumer<Workspace> onSignedIn,
                               String tokenStoreName) {
        this.connector = connector;
        this.fx = fx;
        this.onSignedIn = onSignedIn;
        this.tokenStoreName = tokenStoreName == null ? "" : tokenStoreName;
    }

    // ---- properties

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty serverProperty() {
        return server;
    }

    /** Held only until the server has answered; cleared afterwards either way. */
    public StringProperty tokenProperty() {
        return token;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    /** The error, or on success who signed in and where the token is kept. */
    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    // ---- commands

    public void submit() {
        if (state.get() == State.CHECKING) {
            return;
        }
        String n = name.get() == null ? "" : name.get().strip();
        if (n.isEmpty()) {
            fail("Give the account a name, such as “Studio” or “Personal”.");
            return;
        }
        String s = server.get() == null || server.get().isBlank() ? DEFAULT_ORIGIN : server.get().strip();
        URI origin;
        try {
            origin = URI.create(s);
        } catch (IllegalArgumentException e) {
            fail("“" + s + "” is not a server address. It looks like " + DEFAULT_ORIGIN + ".");
            return;
        }
        String scheme = origin.getScheme() == null ? "" : origin.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || origin.getHost() == null) {
            fail("“" + s + "” is not a server address. It looks like " + DEFAULT_ORIGIN + ".");
            return;
        }
        String t = token.get() == null ? "" : token.get().strip();
        if (!t.startsWith("cfc_") || t.length() < 8) {
            fail("ComfyControl tokens start with “cfc_”. Create one under API Tokens in the dashboard.");
            return;
        }
        state.set(State.CHECKING);
        message.set("Checking the token with " + origin.getHost() + "…");
        connector.addAccount(n, origin, t).whenCompleteAsync((ws, failure) -> {
            token.set("");
            if (failure != null) {
                fail(Errors.describe(failure));
                return;
            }
            state.set(State.DONE);
            message.set("Signed in as " + ws.user().name() + " (" + ws.user().tier() + ")."
                    + (tokenStoreName.isBlank() ? "" : " The token is kept in: " + tokenStoreName + "."));
            onSignedIn.accept(ws);
        }, fx);
    }

    /** Ready for another account. */
    public void reset() {
        name.set("");
        server.set(DEFAULT_ORIGIN);
        token.set("");
        message.set(null);
        state.set(State.EDITING);
    }

    private void fail(String why) {
        message.set(why);
        state.set(State.FAILED);
    }
}
