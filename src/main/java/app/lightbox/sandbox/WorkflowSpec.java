package app.lightbox.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a sandbox workflow is and how it moves through its lifecycle. Each fluent call returns a new spec,
 * so a spec can be shared and varied safely.
 *
 * <p>Timeline on the sandbox clock, from its creation: {@code accepted} for the accepted duration, then
 * {@code uploaded}, {@code queued}, {@code running}, then the outcome. The forever-states ({@link #running},
 * {@link #queued}, {@link #rawStatus}) stop at their state instead of reaching an outcome.
 */
public final class WorkflowSpec {

    enum Outcome { COMPLETED, FAILED, CANCELLED, INVALID, RUNNING_FOREVER, QUEUED_FOREVER, RAW }

    private final Outcome outcome;
    private final String name;
    private final String rawStatus;
    private final int queueNumber;
    private final String errorNode;
    private final String exceptionType;
    private final String exceptionMessage;
    private final List<String> tags;
    private final List<List<String>> params;
    private final Duration createdAgo;
    private final Duration accepted;
    private final Duration uploaded;
    private final Duration queued;
    private final Duration running;
    private final List<OutputSpec> outputs;
    private final NoOutputsAnswer noOutputsAnswer;

    private WorkflowSpec(Outcome outcome, String name, String rawStatus, int queueNumber, String errorNode,
                         String exceptionType, String exceptionMessage, List<String> tags, List<List<String>> params,
                         Duration createdAgo, Duration accepted, Duration uploaded, Duration queued,
                         Duration running, List<OutputSpec> outputs, NoOutputsAnswer noOutputsAnswer) {
        this.outcome = outcome;
        this.name = Objects.requireNonNull(name, "name");
        this.rawStatus = rawStatus;
        this.queueNumber = queueNumber;
        this.errorNode = errorNode;
        this.exceptionType = exceptionType;
        this.exceptionMessage = exceptionMessage;
        this.tags = List.copyOf(tags);
        this.params = List.copyOf(params);
        this.createdAgo = createdAgo;
        this.accepted = accepted;
        this.uploaded = uploaded;
        this.queued = queued;
        this.running = running;
        this.outputs = List.copyOf(outputs);
        this.noOutputsAnswer = Objects.requireNonNull(noOutputsAnswer, "noOutputsAnswer");
    }

    private static WorkflowSpec of(Outcome outcome, String name, String raw, int queueNumber,
                                   String node, String type, String message) {
        return new WorkflowSpec(outcome, name, raw, queueNumber, node, type, message, List.of(), List.of(),
                Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, List.of(),
                NoOutputsAnswer.EMPTY_ARRAY);
    }

    public static WorkflowSpec completed(String name) {
        return of(Outcome.COMPLETED, name, null, 1, null, null, null);
    }

    public static WorkflowSpec failed(String name, String errorNode, String exceptionType, String exceptionMessage) {
        return of(Outcome.FAILED, name, null, 1, errorNode, exceptionType, exceptionMessage);
    }

    public static WorkflowSpec cancelled(String name) {
        return of(Outcome.CANCELLED, name, null, 1, null, null, null);
    }

    public static WorkflowSpec invalid(String name) {
        return of(Outcome.INVALID, name, null, 1, null, null, null);
    }

    /** Reaches {@code running} and stays there until cancelled. */
    public static WorkflowSpec running(String name) {
        return of(Outcome.RUNNING_FOREVER, name, null, 1, null, null, null);
    }

    /** Reaches {@code queued} at the given queue position and stays there until cancelled. */
    public static WorkflowSpec queued(String name, int queueNumber) {
        if (queueNumber < 0) {
            throw new IllegalArgumentException("queueNumber must not be negative");
        }
        return of(Outcome.QUEUED_FOREVER, name, null, queueNumber, null, null, null);
    }

    /** Reports {@code status} verbatim forever once its schedule has run out (e.g. an undocumented value). */
    public static WorkflowSpec rawStatus(String name, String status) {
        return of(Outcome.RAW, name, Objects.requireNonNull(status, "status"), 1, null, null, null);
    }

    public WorkflowSpec tags(String... tags) {
        return new WorkflowSpec(outcome, name, rawStatus, queueNumber, errorNode, exceptionType, exceptionMessage,
                Arrays.asList(tags.clone()), params, createdAgo, accepted, uploaded, queued, running, outputs,
                noOutputsAnswer);
    }

    /** {@code workflow_params} tuples, each {@code {name, value}}. */
    public WorkflowSpec params(String[]... nameValuePairs) {
        List<List<String>> list = new ArrayList<>();
        for (String[] pair : nameValuePairs) {
            if (pair.length != 2) {
                throw new IllegalArgumentException("each param is {name, value}");
            }
            list.add(Arrays.asList(pair.clone()));
        }
        return new WorkflowSpec(outcome, name, rawStatus, queueNumber, errorNode, exceptionType, exceptionMessage,
                tags, list, createdAgo, accepted, uploaded, queued, running, outputs, noOutputsAnswer);
    }

    /** Created this long before the sandbox clock's "now" at {@code addWorkflow} time. */
    public WorkflowSpec createdAgo(Duration d) {
        return new WorkflowSpec(outcome, name, rawStatus, queueNumber, errorNode, exceptionType, exceptionMessage,
                tags, params, Objects.requireNonNull(d, "d"), accepted, uploaded, queued, running, outputs,
                noOutputsAnswer);
    }

    /** Time spent in each phase after creation before the outcome applies; all zero means already final. */
    public WorkflowSpec schedule(Duration accepted, Duration uploaded, Duration queued, Duration running) {
        for (Duration d : List.of(accepted, uploaded, queued, running)) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("phase durations must not be negative");
            }
        }
        return new WorkflowSpec(outcome, name, rawStatus, queueNumber, errorNode, exceptionType, exceptionMessage,
                tags, params, createdAgo, accepted, uploaded, queued, running, outputs, noOutputsAnswer);
    }

    public WorkflowSpec outputs(OutputSpec... outputs) {
        return new WorkflowSpec(outcome, name, rawStatus, queueNumber, errorNode, exceptionType, exceptionMessage,
                tags, params, createdAgo, accepted, uploaded, queued, running, Arrays.asList(outputs.clone()),
                noOutputsAnswer);
    }

    public WorkflowSpec noOutputsAnswer(NoOutputsAnswer answer) {
        return new WorkflowSpec(outcome, name, rawStatus, queueNumber, errorNode, exceptionType, exceptionMessage,
                tags, params, createdAgo, accepted, uploaded, queued, running, outputs, answer);
    }

    public String name() {
        return name;
    }

    Outcome outcome() {
        return outcome;
    }

    String rawStatus() {
        return rawStatus;
    }

    int queueNumber() {
        return queueNumber;
    }

    String errorNode() {
        return errorNode;
    }

    String exceptionType() {
        return exceptionType;
    }

    String exceptionMessage() {
        return exceptionMessage;
    }

    List<String> tagList() {
        return tags;
    }

    List<List<String>> paramList() {
        return params;
    }

    Duration createdAgoDuration() {
        return createdAgo;
    }

    Duration acceptedFor() {
        return accepted;
    }

    Duration uploadedFor() {
        return uploaded;
    }

    Duration queuedFor() {
        return queued;
    }

    Duration runningFor() {
        return running;
    }

    List<OutputSpec> outputList() {
        return outputs;
    }

    NoOutputsAnswer noOutputs() {
        return noOutputsAnswer;
    }
}
