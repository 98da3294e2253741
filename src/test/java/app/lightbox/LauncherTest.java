package app.lightbox;

import app.lightbox.cli.LightboxCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LauncherTest {

    @Test
    void noArgumentsOrOnlyDemoOpenTheWindowAsTheCommandLineWould() {
        for (String[] args : new String[][] {{}, {"--demo"}}) {
            AtomicReference<Boolean> opened = new AtomicReference<>();
            new CommandLine(new LightboxCommand(demo -> {
                opened.set(demo);
                return 0;
            })).execute(args);
            assertEquals(Optional.of(opened.get()), Launcher.windowOnly(args), String.join(" ", args));
        }
    }

    @Test
    void anythingElseGoesToTheCommandLine() {
        for (String[] args : new String[][] {{"--help"}, {"--version"}, {"fetch", "wf_1"}, {"--demo", "--demo"},
                {"--dem"}, {"account", "ls"}, {"sandbox"}}) {
            assertEquals(Optional.empty(), Launcher.windowOnly(args), String.join(" ", args));
        }
    }
}
