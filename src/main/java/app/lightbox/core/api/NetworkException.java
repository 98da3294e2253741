package app.lightbox.core.api;

/** ComfyControl could not be reached or gave no usable HTTP answer (status 0). */
public class NetworkException extends ApiException {

    public NetworkException(String message, Throwable cause) {
        super(0, null, message, cause);
    }
}
