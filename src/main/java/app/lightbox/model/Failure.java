package app.lightbox.model;

/**
 * Why a workflow failed. GET workflow calls the node {@code error_node}; the SSE stream calls it
 * {@code cause.node_type}. Both land here.
 */
public record Failure(String node, String exceptionType, String exceptionMessage) {

    /** One line for a person: "KSampler: RuntimeError: CUDA out of memory". */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        if (node != null && !node.isBlank()) {
            sb.append(node).append(": ");
        }
        if (exceptionType != null && !exceptionType.isBlank()) {
            sb.append(exceptionType).append(": ");
        }
        sb.append(exceptionMessage == null || exceptionMessage.isBlank() ? "no message given" : exceptionMessage);
        return sb.toString();
    }
}
