package app.lightbox.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;

/** One output a sandbox workflow will deliver: its file name as the URL shows it, and where its bytes come from. */
public final class OutputSpec {

    enum Source { PNG, ASSET, BYTES }

    private final Source source;
    private final String fileName;
    private final String contentType;
    private final int width;
    private final int height;
    private final String assetName;
    private final byte[] data;
    private final String fixedId;

    private OutputSpec(Source source, String fileName, String contentType, int width, int height,
                       String assetName, byte[] data) {
        this(source, fileName, contentType, width, height, assetName, data, null);
    }

    private OutputSpec(Source source, String fileName, String contentType, int width, int height,
                       String assetName, byte[] data, String fixedId) {
        this.fixedId = fixedId;
        this.source = source;
        this.fileName = Objects.requireNonNull(fileName, "fileName");
        this.contentType = contentType;
        this.width = width;
        this.height = height;
        this.assetName = assetName;
        this.data = data;
    }

    /** A PNG the sandbox renders on request, with ComfyUI-style {@code prompt}/{@code workflow} text chunks. */
    public static OutputSpec png(String fileName, int width, int height) {
        if (width < 1 || height < 1 || width > 4096 || height > 4096) {
            throw new IllegalArgumentException("PNG size must be within 1..4096: " + width + "x" + height);
        }
        return new OutputSpec(Source.PNG, fileName, "image/png", width, height, null, null);
    }

    /** The bytes of classpath resource {@code /assets/<assetName>}, e.g. a video clip. */
    public static OutputSpec asset(String fileName, String assetName) {
        Objects.requireNonNull(assetName, "assetName");
        if (OutputSpec.class.getResource("/assets/" + assetName) == null) {
            throw new IllegalArgumentException("no such sandbox asset: " + assetName);
        }
        return new OutputSpec(Source.ASSET, fileName, contentTypeFor(assetName), 0, 0, assetName, null);
    }

    /** Arbitrary bytes served with the given Content-Type (for broken or hostile files). */
    public static OutputSpec bytes(String fileName, String contentType, byte[] data) {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(data, "data");
        return new OutputSpec(Source.BYTES, fileName, contentType, 0, 0, null, data.clone());
    }

    /**
     * The same output listed under the given id instead of a generated one; two outputs given the same id
     * make the API list a duplicate id, as a misbehaving server might.
     */
    public OutputSpec withId(String id) {
        Objects.requireNonNull(id, "id");
        return new OutputSpec(source, fileName, contentType, width, height, assetName, data, id);
    }

    /** The id set with {@link #withId}, or null for a generated one. */
    String fixedId() {
        return fixedId;
    }

    public String fileName() {
        return fileName;
    }

    public String contentType() {
        return contentType;
    }

    Source source() {
        return source;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    byte[] data() {
        return data;
    }

    byte[] readAsset() {
        try (InputStream in = OutputSpec.class.getResourceAsStream("/assets/" + assetName)) {
            if (in == null) {
                throw new IOException("sandbox asset vanished: " + assetName);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String assetName() {
        return assetName;
    }

    static String contentTypeFor(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot >= 0 ? n.substring(dot + 1) : "";
        return switch (ext) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "webp" -> "image/webp";
            case "gif" -> "image/gif";
            case "mp4", "m4v" -> "video/mp4";
            case "webm" -> "video/webm";
            case "mov" -> "video/quicktime";
            case "json" -> "application/json";
            case "txt" -> "text/plain";
            default -> "application/octet-stream";
        };
    }
}
