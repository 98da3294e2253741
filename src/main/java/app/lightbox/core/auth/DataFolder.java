package app.lightbox.core.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The folder where Lightbox keeps its own data (account settings, the encrypted token file), chosen by
 * the convention of the operating system:
 * <ul>
 *   <li>Linux and other Unix: {@code $XDG_DATA_HOME/lightbox}, else {@code ~/.local/share/lightbox}</li>
 *   <li>macOS: {@code ~/Library/Application Support/Lightbox}</li>
 *   <li>Windows: {@code %APPDATA%\Lightbox}, else {@code ~\AppData\Roaming\Lightbox}</li>
 * </ul>
 * The system property {@code lightbox.dataDir} overrides this, and so does the environment variable
 * {@code LIGHTBOX_DATA_DIR}; the property wins when both are set.
 */
public final class DataFolder {

    public static final String PROPERTY = "lightbox.dataDir";
    public static final String ENV = "LIGHTBOX_DATA_DIR";

    private final Path path;
    private final String reason;

    private DataFolder(Path path, String reason) {
        this.path = path;
        this.reason = reason;
    }

    /** A data folder at a known place (tests, or a folder the user picked). */
    public static DataFolder at(Path path) {
        return new DataFolder(path.toAbsolutePath(), "given");
    }

    /** Resolves the folder from this process's environment, system properties and operating system. */
    public static DataFolder forThisMachine() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
        return resolve(System.getenv(), properties, System.getProperty("os.name", ""));
    }

    /**
     * Resolves the folder from the given environment, system properties (of which {@code user.home} and
     * {@code lightbox.dataDir} are read) and operating system name ({@code os.name}).
     */
    public static DataFolder resolve(Map<String, String> env, Map<String, String> properties, String osName) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(properties, "properties");
        String override = nonBlank(properties.get(PROPERTY));
        if (override != null) {
            return new DataFolder(Path.of(override).toAbsolutePath(), "system property " + PROPERTY);
        }
        override = nonBlank(env.get(ENV));
        if (override != null) {
            return new DataFolder(Path.of(override).toAbsolutePath(), "environment variable " + ENV);
        }
        String home = nonBlank(properties.get("user.home"));
        if (home == null) {
            throw new IllegalStateException("Cannot find the home folder (user.home is not set); set "
                    + ENV + " to choose where Lightbox keeps its data");
        }
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = nonBlank(env.get("APPDATA"));
            return appData != null
                    ? new DataFolder(Path.of(appData, "Lightbox"), "%APPDATA%")
                    : new DataFolder(Path.of(home, "AppData", "Roaming", "Lightbox"), "Windows default");
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return new DataFolder(Path.of(home, "Library", "Application Support", "Lightbox"), "macOS default");
        }
        String xdg = nonBlank(env.get("XDG_DATA_HOME"));
        // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            return new DataFolder(Path.of(xdg, "lightbox"), "$XDG_DATA_HOME");
        }
        return new DataFolder(Path.of(home, ".local", "share", "lightbox"), "XDG default");
    }

    public Path path() {
        return path;
    }

    /** Why this folder was chosen, e.g. "environment variable LIGHTBOX_DATA_DIR" or "macOS default". */
    public String reason() {
        return reason;
    }

    public Path resolve(String fileName) {
        return path.resolve(fileName);
    }

    /** Creates the folder if missing, owner-only where the file system has POSIX permissions. */
    public Path create() throws IOException {
        OwnerOnlyFiles.createFolder(path);
        return path;
    }

    @Override
    public String toString() {
        return path + " (" + reason + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataFolder other && other.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
