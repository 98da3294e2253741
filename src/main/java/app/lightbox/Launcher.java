package app.lightbox;

/** Entry point; the command line is parsed in {@code app.lightbox.cli}. */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(0);
    }
}
