package app.lightbox.model;

/**
 * One output of a workflow. The id is stable; the signed URL changes with every outputs call and expires
 * after a few minutes, so it must never be used as a cache key or persisted.
 */
public record Output(String id, String workflowId, SignedUrl src) {

    /** The file name the URL path suggests, decoded but not yet made safe for disk. */
    public String suggestedName() {
        return src.lastPathSegment();
    }

    public MediaKind kind() {
        return MediaKind.fromFileName(suggestedName());
    }
}
