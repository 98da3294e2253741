package app.lightbox.core.export;

/** Why fetching a workflow's outputs stopped, in one line a person can act on. */
public class FetchException extends RuntimeException {

    public enum Reason {
        /** 401: the token is wrong, expired or revoked. */
        BAD_TOKEN,
        /** 403: the token may not see this. */
        FORBIDDEN,
        /** 404: no such workflow (or not this account's). */
        UNKNOWN_WORKFLOW,
        /** accepted, uploaded, queued or running. */
        NOT_COMPLETED,
        /** failed or invalid. */
        FAILED,
        CANCELLED,
        /** A status string Lightbox does not know. */
        UNKNOWN_STATUS,
        /** ComfyControl unreachable, 5xx after retries, rate limited, or an unreadable answer. */
        SERVER_TROUBLE,
        /** The storage host refused or broke off a download. */
        STORAGE_TROUBLE,
        /** The target directory could not be written. */
        LOCAL_FILES
    }

    private final Reason reason;

    public FetchException(Reason reason, String message) {
        this(reason, message, null);
    }

    public FetchException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
