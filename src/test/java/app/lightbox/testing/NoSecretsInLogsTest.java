package app.lightbox.testing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suite-wide log check finds what it must, and only that. */
class NoSecretsInLogsTest {

    @Test
    void tokensAndSignaturesAreFoundRedactedFormsAreNot() {
        List<String> found = NoSecretsInLogs.findSecrets(List.of(
                "GET /v1/user with Bearer cfc_abcdef123456",
                "download http://localhost:1/outputs/a.png?expires=1&signature=0123456789abcdef",
                "ComfyControl rejected the token cfc_… (401: Invalid token)",
                "download http://localhost:1/outputs/a.png?…"));
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("cfc_abcd…"));
    }

    @Test
    void logOutputIsCapturedForTheCheck() {
        System.getLogger("app.lightbox.test").log(System.Logger.Level.DEBUG, "captured at debug level");
        assertTrue(NoSecretsInLogs.capturedSoFar().stream().anyMatch(l -> l.contains("captured at debug level")));
    }
}
