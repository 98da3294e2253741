package app.lightbox.ui.gallery;

import app.lightbox.core.media.Thumbnail;
import app.lightbox.model.MediaKind;
import app.lightbox.model.Output;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One output in the grid and how far its thumbnail has come. Changed only on the FX thread. */
public final class OutputTile {

    public enum State { LOADING, READY, FAILED, NOT_PREVIEWED }

    private final Output output;
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.LOADING);
    private final ObjectProperty<Thumbnail> thumbnail = new SimpleObjectProperty<>();
    private final StringProperty problem = new SimpleStringProperty();

    OutputTile(Output output) {
        this.output = output;
    }

    public Output output() {
        return output;
    }

    public String name() {
        return output.suggestedName();
    }

    public MediaKind kind() {
        return output.kind();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    public State state() {
        return state.get();
    }

    public ReadOnlyObjectProperty<Thumbnail> thumbnailProperty() {
        return thumbnail;
    }

    /** Why the tile has no picture, for a person. */
    public ReadOnlyStringProperty problemProperty() {
        return problem;
    }

    void ready(Thumbnail t) {
        thumbnail.set(t);
        problem.set(null);
        state.set(State.READY);
    }

    void failed(String why) {
        problem.set(why);
        state.set(State.FAILED);
    }

    void notPreviewed(String why) {
        problem.set(why);
        state.set(State.NOT_PREVIEWED);
    }
}
