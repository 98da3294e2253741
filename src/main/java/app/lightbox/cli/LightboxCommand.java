package app.lightbox.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code lightbox [--demo]} opens the app; subcommands work without a window. */
@Command(name = "lightbox",
        mixinStandardHelpOptions = true,
        version = "Lightbox 0.1.0",
        description = "A desktop viewer for the images and videos your ComfyUI workflows produce through ComfyControl.%n"
                + "With no command, opens the app.",
        subcommands = {FetchCommand.class, SandboxCommand.class, BenchCommand.class})
public final class LightboxCommand implements Callable<Integer> {

    /** Opens the window; the argument says whether to go straight into the demo workspace. */
    public interface AppOpener {
        int open(boolean demo);
    }

    @Option(names = "--demo", description = "Open straight into the demo workspace (a local sample server).")
    boolean demo;

    private final AppOpener opener;

    public LightboxCommand(AppOpener opener) {
        this.opener = opener;
    }

    @Override
    public Integer call() {
        return opener.open(demo);
    }

}
