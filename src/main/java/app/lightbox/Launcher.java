package app.lightbox;

import app.lightbox.cli.AccountCommand;
import app.lightbox.cli.LightboxCommand;
import picocli.CommandLine;

import java.util.Optional;

/**
 * Entry point. Kept apart from {@link LightboxApp} so the shaded jar starts JavaFX from the class path.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        Optional<Boolean> window = windowOnly(args);
        if (window.isPresent()) {
            // Picocli builds its model from the annotations of every subcommand before it parses anything,
            // a few hundred milliseconds on a cold JVM that opening the window does not need.
            System.exit(LightboxApp.run(window.get()));
        }
        int code = new CommandLine(new LightboxCommand(LightboxApp::run))
                .addSubcommand(AccountCommand.withServerCheck())
                .execute(args);
        System.exit(code);
    }

    /**
     * Whether the arguments only open the window, as {@link LightboxCommand} would: empty when anything else
     * (a subcommand, {@code --help}, a mistake) is asked for, else whether to open the demo workspace.
     */
    static Optional<Boolean> windowOnly(String[] args) {
        if (args.length == 0) {
            return Optional.of(false);
        }
        if (args.length == 1 && args[0].equals("--demo")) {
            return Optional.of(true);
        }
        return Optional.empty();
    }
}
