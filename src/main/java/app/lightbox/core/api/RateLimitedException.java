package app.lightbox.core.api;

/** HTTP 429 from ComfyControl. */
public class RateLimitedException extends ApiException {

    public RateLimitedException(String serverMessage, String message) {
        super(429, serverMessage, message);
    }
}
