package app.lightbox.core.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DataFolderTest {

    private static final Map<String, String> HOME = Map.of("user.home", "/home/ann");

    @Test
    void linuxUsesXdgDataHome() {
        DataFolder folder = DataFolder.resolve(Map.of("XDG_DATA_HOME", "/data/ann"), HOME, "Linux");
        assertEquals(Path.of("/data/ann/lightbox"), folder.path());
        assertEquals("$XDG_DATA_HOME", folder.reason());
    }

    @Test
    void linuxFallsBackToLocalShareAndIgnoresARelativeXdgDataHome() {
        assertEquals(Path.of("/home/ann/.local/share/lightbox"), DataFolder.resolve(Map.of(), HOME, "Linux").path());
        assertEquals(Path.of("/home/ann/.local/share/lightbox"),
                DataFolder.resolve(Map.of("XDG_DATA_HOME", "relative/dir"), HOME, "Linux").path());
        assertEquals(Path.of("/home/ann/.local/share/lightbox"),
                DataFolder.resolve(Map.of("XDG_DATA_HOME", " "), HOME, "FreeBSD").path());
    }

    @Test
    void macUsesApplicationSupport() {
        assertEquals(Path.of("/home/ann/Library/Application Support/Lightbox"),
                DataFolder.resolve(Map.of("XDG_DATA_HOME", "/ignored"), HOME, "Mac OS X").path());
    }

    @Test
    void windowsUsesAppData() {
        assertEquals(Path.of("C:\\Users\\ann\\AppData\\Roaming", "Lightbox"),
                DataFolder.resolve(Map.of("APPDATA", "C:\\Users\\ann\\AppData\\Roaming"),
                        Map.of("user.home", "C:\\Users\\ann"), "Windows 11").path());
        assertEquals(Path.of("C:\\Users\\ann", "AppData", "Roaming", "Lightbox"),
                DataFolder.resolve(Map.of(), Map.of("user.home", "C:\\Users\\ann"), "Windows 10").path());
    }

    @Test
    void environmentOverridesAndThePropertyWins() {
        assertEquals(Path.of("/env/dir"),
                DataFolder.resolve(Map.of("LIGHTBOX_DATA_DIR", "/env/dir", "XDG_DATA_HOME", "/x"), HOME, "Linux").path());
        DataFolder both = DataFolder.resolve(Map.of("LIGHTBOX_DATA_DIR", "/env/dir"),
                Map.of("user.home", "/home/ann", "lightbox.dataDir", "/prop/dir"), "Windows 11");
        assertEquals(Path.of("/prop/dir"), both.path());
        assertEquals("system property lightbox.dataDir", both.reason());
    }

    @Test
    void noHomeAndNoOverrideSaysHowToFixIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DataFolder.resolve(Map.of(), Map.of(), "Linux"));
        assertTrue(e.getMessage().contains("LIGHTBOX_DATA_DIR"), e.getMessage());
    }

    @Test
    void createMakesAnOwnerOnlyFolder(@TempDir Path tmp) throws Exception {
        Path target = tmp.resolve("share/lightbox");
        DataFolder folder = DataFolder.resolve(Map.of("LIGHTBOX_DATA_DIR", target.toString()), Map.of(), "Linux");
        assertEquals(target, folder.create());
        assertTrue(Files.isDirectory(target));
        assumeTrue(OwnerOnlyFiles.isPosix(tmp), "POSIX file system");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        folder.create();
    }
}
