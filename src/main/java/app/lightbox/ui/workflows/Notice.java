package app.lightbox.ui.workflows;

/** Something the artist should hear about even when looking elsewhere (a desktop notification). */
public record Notice(Kind kind, String title, String text) {

    public enum Kind { COMPLETED, FAILED, CANCELLED }
}
