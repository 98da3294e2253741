package app.lightbox.sandbox;

import java.time.Instant;
import java.util.List;

/** A workflow held by the sandbox: fixed facts from its spec plus the one mutable fact, a cancel request. */
final class SandboxWorkflow {

    /** One stored output; its id is stable for the workflow's life, unlike its signed URL. */
    record StoredOutput(String id, OutputSpec spec) {
    }

    /** What the workflow looks like at one instant. Failure fields are only meaningful when status is failed. */
    record State(String status, Integer queueNumber, String promptId, Instant startedAt, Instant completedAt,
                 Instant updatedAt) {

        boolean is(String s) {
            return status.equals(s);
        }

        boolean terminal() {
            return switch (status) {
                case "completed", "failed", "cancelled", "invalid" -> true;
                default -> false;
            };
        }
    }

    private final String id;
    private final WorkflowSpec spec;
    private final Instant createdAt;
    private final long sequence;
    private final String promptId;
    private final String runnerId;
    private final boolean managedRunner;
    private final long seed;
    private final List<StoredOutput> outputs;
    private Instant cancelledAt;

    SandboxWorkflow(String id, WorkflowSpec spec, Instant createdAt, long sequence, String promptId, String runnerId,
                    boolean managedRunner, long seed, List<StoredOutput> outputs) {
        this.id = id;
        this.spec = spec;
        this.createdAt = createdAt;
        this.sequence = sequence;
        this.promptId = promptId;
        this.runnerId = runnerId;
        this.managedRunner = managedRunner;
        this.seed = seed;
        this.outputs = List.copyOf(outputs);
    }

    String id() {
        return id;
    }

    WorkflowSpec spec() {
        return spec;
    }

    Instant createdAt() {
        return createdAt;
    }

    /** Insertion order, to keep the list order stable when two workflows share a creation time. */
    long sequence() {
        return sequence;
    }

    String runnerId() {
        return runnerId;
    }

    boolean managedRunner() {
        return managedRunner;
    }

    long seed() {
        return seed;
    }

    List<StoredOutput> outputs() {
        return outputs;
    }

    /** The output with this id and file name (ids are unique unless a spec forced a duplicate). */
    StoredOutput output(String outputId, String fileName) {
        for (StoredOutput o : outputs) {
            if (o.id().equals(outputId) && o.spec().fileName().equals(fileName)) {
                return o;
            }
        }
        return null;
    }

    synchronized State stateAt(Instant now) {
        if (cancelledAt != null && !now.isBefore(cancelledAt)) {
            State before = scheduledStateAt(cancelledAt);
            return new State("cancelled", before.queueNumber(), before.promptId(), before.startedAt(), cancelledAt,
                    cancelledAt);
        }
        return scheduledStateAt(now);
    }

    /**
     * Cancels the workflow if it is queued or running at {@code now}.
     *
     * @return null when cancelled, otherwise the status that refused the cancel
     */
    synchronized String cancel(Instant now) {
        State s = stateAt(now);
        if (s.is("queued") || s.is("running")) {
            cancelledAt = now;
            return null;
        }
        return s.status();
    }

    private State scheduledStateAt(Instant t) {
        Instant uploadedAt = createdAt.plus(spec.acceptedFor());
        Instant queuedAt = uploadedAt.plus(spec.uploadedFor());
        Instant runningAt = queuedAt.plus(spec.queuedFor());
        Instant finalAt = runningAt.plus(spec.runningFor());
        Integer queueNumber = spec.queueNumber();
        WorkflowSpec.Outcome outcome = spec.outcome();

        if (t.isBefore(uploadedAt)) {
            return new State("accepted", null, null, null, null, createdAt);
        }
        if (t.isBefore(queuedAt)) {
            return new State("uploaded", null, null, null, null, uploadedAt);
        }
        if (outcome == WorkflowSpec.Outcome.QUEUED_FOREVER || t.isBefore(runningAt)) {
            return new State("queued", queueNumber, promptId, null, null, queuedAt);
        }
        if (outcome == WorkflowSpec.Outcome.RUNNING_FOREVER || t.isBefore(finalAt)) {
            return new State("running", queueNumber, promptId, runningAt, null, runningAt);
        }
        // The outcome. Completed and failed runs always ran; the others only carry the phases they spent time in.
        boolean ran = outcome == WorkflowSpec.Outcome.COMPLETED || outcome == WorkflowSpec.Outcome.FAILED
                || !spec.runningFor().isZero();
        boolean wasQueued = ran || !spec.queuedFor().isZero();
        Integer q = wasQueued ? queueNumber : null;
        String p = wasQueued ? promptId : null;
        Instant started = ran ? runningAt : null;
        return switch (outcome) {
            case COMPLETED -> new State("completed", q, p, started, finalAt, finalAt);
            case FAILED -> new State("failed", q, p, started, finalAt, finalAt);
            case CANCELLED -> new State("cancelled", q, p, started, finalAt, finalAt);
            case INVALID -> new State("invalid", q, p, started, finalAt, finalAt);
            case RAW -> new State(spec.rawStatus(), q, p, started, null, finalAt);
            default -> throw new IllegalStateException("unreachable: " + outcome);
        };
    }
}
