package app.lightbox.model;

import java.util.List;

/** One page of the workflow list, newest first. */
public record WorkflowPage(List<Workflow> workflows, int total, int page, int perPage) {

    public WorkflowPage {
        workflows = List.copyOf(workflows);
    }

    public boolean hasMore() {
        return (long) page * perPage < total;
    }
}
