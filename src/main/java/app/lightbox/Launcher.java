package app.lightbox;

import app.lightbox.cli.AccountCommand;
import app.lightbox.cli.LightboxCommand;
import picocli.CommandLine;

/**
 * Entry point. Kept apart from {@link LightboxApp} so the shaded jar starts JavaFX from the class path.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        int code = new CommandLine(new LightboxCommand(LightboxApp::run))
                .addSubcommand(AccountCommand.withServerCheck())
                .execute(args);
        System.exit(code);
    }
}
