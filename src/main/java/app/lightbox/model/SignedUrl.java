package app.lightbox.model;

import java.net.URI;
import java.util.Objects;

/**
 * A storage URL whose query string is a credential. {@link #toString()} never shows the query, so a
 * signed URL that ends up in a log or message gives nothing away.
 */
public record SignedUrl(URI uri) {

    public SignedUrl {
        Objects.requireNonNull(uri, "uri");
    }

    public static SignedUrl parse(String s) {
        return new SignedUrl(URI.create(s));
    }

    /** The last path segment, percent-decoded (may still be hostile: sanitize before using on disk). */
    public String lastPathSegment() {
        String path = uri.getPath();
        if (path == null) {
            return "";
        }
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    /** Raw (still percent-encoded) last segment of the path. */
    public String rawLastPathSegment() {
        String path = uri.getRawPath();
        if (path == null) {
            return "";
        }
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    /** scheme://host[:port]/path with the query cut off. */
    public String redacted() {
        StringBuilder sb = new StringBuilder();
        if (uri.getScheme() != null) {
            sb.append(uri.getScheme()).append("://");
        }
        if (uri.getRawAuthority() != null) {
            sb.append(uri.getRawAuthority());
        }
        if (uri.getRawPath() != null) {
            sb.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            sb.append("?…");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return redacted();
    }
}
