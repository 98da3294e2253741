package app.lightbox.sandbox;

import java.time.Instant;

/**
 * The sandbox's notion of "now": it drives workflow lifecycles, token expiry and signed-URL expiry.
 * Rate limiting and SSE pacing use real time instead, because clients experience those in real time.
 */
public interface SandboxClock {

    Instant now();

    static SandboxClock system() {
        return Instant::now;
    }

    static ManualClock manual(Instant start) {
        return new ManualClock(start);
    }
}
