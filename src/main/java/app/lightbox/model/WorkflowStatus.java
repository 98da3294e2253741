package app.lightbox.model;

import java.util.Locale;
import java.util.Objects;

/**
 * A workflow's status as ComfyControl reported it. The eight documented values map to a {@link Phase};
 * any other string is kept verbatim as {@link Phase#UNKNOWN}, which is never success, never failure and
 * never terminal, so the app keeps watching it instead of guessing.
 */
public record WorkflowStatus(Phase phase, String raw) {

    public enum Phase {
        ACCEPTED, UPLOADED, QUEUED, RUNNING, COMPLETED, CANCELLED, INVALID, FAILED, UNKNOWN;

        /** The API's spelling, or null for {@link #UNKNOWN}. */
        public String apiValue() {
            return this == UNKNOWN ? null : name().toLowerCase(Locale.ROOT);
        }
    }

    public static final WorkflowStatus ACCEPTED = new WorkflowStatus(Phase.ACCEPTED, "accepted");
    public static final WorkflowStatus UPLOADED = new WorkflowStatus(Phase.UPLOADED, "uploaded");
    public static final WorkflowStatus QUEUED = new WorkflowStatus(Phase.QUEUED, "queued");
    public static final WorkflowStatus RUNNING = new WorkflowStatus(Phase.RUNNING, "running");
    public static final WorkflowStatus COMPLETED = new WorkflowStatus(Phase.COMPLETED, "completed");
    public static final WorkflowStatus CANCELLED = new WorkflowStatus(Phase.CANCELLED, "cancelled");
    public static final WorkflowStatus INVALID = new WorkflowStatus(Phase.INVALID, "invalid");
    public static final WorkflowStatus FAILED = new WorkflowStatus(Phase.FAILED, "failed");

    public WorkflowStatus {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(raw, "raw");
    }

    /** Parses the API's string exactly; unknown or differently-cased strings stay {@link Phase#UNKNOWN}. */
    public static WorkflowStatus of(String raw) {
        if (raw == null) {
            return new WorkflowStatus(Phase.UNKNOWN, "");
        }
        for (Phase p : Phase.values()) {
            if (p != Phase.UNKNOWN && p.apiValue().equals(raw)) {
                return new WorkflowStatus(p, raw);
            }
        }
        return new WorkflowStatus(Phase.UNKNOWN, raw);
    }

    public boolean isSuccess() {
        return phase == Phase.COMPLETED;
    }

    public boolean isFailure() {
        return phase == Phase.FAILED || phase == Phase.INVALID;
    }

    /** completed, failed, cancelled per the API; invalid is treated as terminal too. */
    public boolean isTerminal() {
        return switch (phase) {
            case COMPLETED, FAILED, CANCELLED, INVALID -> true;
            default -> false;
        };
    }

    public boolean isKnown() {
        return phase != Phase.UNKNOWN;
    }

    /** Whether the API accepts a cancel request in this state (queued or running only). */
    public boolean isCancellable() {
        return phase == Phase.QUEUED || phase == Phase.RUNNING;
    }

    @Override
    public String toString() {
        return raw;
    }
}
