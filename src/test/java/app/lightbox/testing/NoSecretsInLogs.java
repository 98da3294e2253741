package app.lightbox.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Registered for every test class of the suite (see META-INF/services): captures the app's own log output
 * at every level, and everything else at the levels a real run prints (INFO and above: OkHttp's warnings
 * name URLs, for one), and fails the class if any of it holds an API token or a signed URL's signature.
 * The JDK's own HTTP debug tracing (FINE and below) is left out: no run of the app turns it on.
 */
public final class NoSecretsInLogs implements BeforeAllCallback, AfterAllCallback {

    private static final Pattern SECRET = Pattern.compile("cfc_[A-Za-z0-9]{6,}|[?&]signature=[0-9a-fA-F]{8,}");
    private static final Queue<String> CAPTURED = new ConcurrentLinkedQueue<>();
    private static final SimpleFormatter FORMAT = new SimpleFormatter();
    /** Held strongly: JUL keeps loggers weakly, and a collected one would forget its level. */
    private static final Logger APP = Logger.getLogger("app.lightbox");

    static {
        APP.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String name = record.getLoggerName() == null ? "" : record.getLoggerName();
                if (name.startsWith("app.lightbox") || record.getLevel().intValue() >= Level.INFO.intValue()) {
                    CAPTURED.add(FORMAT.format(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        CAPTURED.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> found = findSecrets(new ArrayList<>(CAPTURED));
        CAPTURED.clear();
        if (!found.isEmpty()) {
            fail("Log output of " + context.getDisplayName() + " holds secrets: " + found);
        }
    }

    /** The secret-looking parts of the given log lines (shortened, so the failure does not repeat them whole). */
    public static List<String> findSecrets(List<String> lines) {
        List<String> found = new ArrayList<>();
        for (String line : lines) {
            Matcher m = SECRET.matcher(line);
            while (m.find()) {
                found.add(m.group().substring(0, Math.min(8, m.group().length())) + "… in: "
                        + line.strip().lines().findFirst().orElse(""));
            }
        }
        return found;
    }

    /** For the check's own test: whatever was captured since the class started. */
    static List<String> capturedSoFar() {
        return new ArrayList<>(CAPTURED);
    }
}
