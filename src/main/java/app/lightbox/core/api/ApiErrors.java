package app.lightbox.core.api;

/** Turns an unsuccessful HTTP answer into the matching {@link ApiException}, worded for a person. */
final class ApiErrors {

    private ApiErrors() {
    }

    static ApiException fromResponse(int status, byte[] body, String what) {
        String msg = ApiJson.serverMessage(body);
        String detail = "(" + status + ": " + (msg != null ? msg : "no message") + ")";
        return switch (status) {
            case 401 -> new UnauthorizedException(msg, "ComfyControl rejected the token " + detail);
            case 403 -> new ForbiddenException(msg, "ComfyControl refused access to " + what + " " + detail);
            case 404 -> new NotFoundException(msg, "ComfyControl found nothing for " + what + " " + detail);
            case 429 -> new RateLimitedException(msg, "ComfyControl's rate limit was hit " + detail);
            default -> status >= 500
                    ? new ServerErrorException(status, msg, "ComfyControl had a server error on " + what + " " + detail)
                    : new ApiException(status, msg, "ComfyControl rejected " + what + " " + detail);
        };
    }
}
