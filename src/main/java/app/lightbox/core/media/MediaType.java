package app.lightbox.core.media;

import app.lightbox.model.MediaKind;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a file really is, judged from its first bytes. ComfyControl gives no type field, storage may send a
 * generic or wrong Content-Type, and ComfyUI names files freely, so the magic bytes win; Content-Type and
 * then the file name only decide when the bytes are not recognised.
 */
public enum MediaType {
    PNG("png", MediaKind.IMAGE, "PNG"),
    JPEG("jpg", MediaKind.IMAGE, "JPEG"),
    GIF("gif", MediaKind.IMAGE, "GIF"),
    WEBP("webp", MediaKind.IMAGE, "WebP"),
    WEBP_ANIMATED("webp", MediaKind.IMAGE, "animated WebP"),
    MP4("mp4", MediaKind.VIDEO, "MP4 video"),
    QUICKTIME("mov", MediaKind.VIDEO, "QuickTime video"),
    WEBM("webm", MediaKind.VIDEO, "WebM video"),
    MATROSKA("mkv", MediaKind.VIDEO, "Matroska video"),
    HTML("html", MediaKind.OTHER, "HTML page"),
    TEXT("txt", MediaKind.OTHER, "text file"),
    EMPTY("bin", MediaKind.OTHER, "empty file"),
    UNKNOWN("bin", MediaKind.OTHER, "file of an unknown type");

    /** How many leading bytes {@link #sniff(byte[])} looks at at most. */
    public static final int SNIFF_BYTES = 512;

    private final String extension;
    private final MediaKind kind;
    private final String label;

    MediaType(String extension, MediaKind kind, String label) {
        this.extension = extension;
        this.kind = kind;
        this.label = label;
    }

    /** The usual file extension, without the dot. */
    public String extension() {
        return extension;
    }

    public MediaKind kind() {
        return kind;
    }

    /** For sentences: "an animated WebP", "This is an HTML page". */
    public String label() {
        return label;
    }

    public boolean isImage() {
        return kind == MediaKind.IMAGE;
    }

    public boolean isVideo() {
        return kind == MediaKind.VIDEO;
    }

    /**
     * The type from the bytes, then the Content-Type, then the file name.
     *
     * @param head        the first bytes of the file (at least {@link #SNIFF_BYTES} if it is that long)
     * @param contentType the storage's Content-Type, or null
     * @param fileName    the output's file name, or null
     */
    public static MediaType detect(byte[] head, String contentType, String fileName) {
        MediaType sniffed = sniff(head);
        if (sniffed != UNKNOWN) {
            return sniffed;
        }
        MediaType declared = fromContentType(contentType);
        if (declared != UNKNOWN) {
            return declared;
        }
        return fromFileName(fileName);
    }

    /** The type the bytes show, or {@link #UNKNOWN}; {@link #EMPTY} for no bytes at all. */
    public static MediaType sniff(byte[] b) {
        if (b == null || b.length == 0) {
            return EMPTY;
        }
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(b, 0, 'G', 'I', 'F', '8') && b.length >= 6 && (b[4] == '7' || b[4] == '9') && b[5] == 'a') {
            return GIF;
        }
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
            // VP8X's flags byte carries the animation bit (0x02).
            boolean animated = startsWith(b, 12, 'V', 'P', '8', 'X') && b.length > 20 && (b[20] & 0x02) != 0;
            return animated ? WEBP_ANIMATED : WEBP;
        }
        if (startsWith(b, 4, 'f', 't', 'y', 'p') && b.length >= 12) {
            String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
            return brand.equals("qt  ") ? QUICKTIME : MP4;
        }
        if (startsWith(b, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
            return containsAscii(b, "webm") ? WEBM : MATROSKA;
        }
        return sniffText(b);
    }

    public static MediaType fromContentType(String contentType) {
        if (contentType == null) {
            return UNKNOWN;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        int semi = ct.indexOf(';');
        if (semi >= 0) {
            ct = ct.substring(0, semi);
        }
        return switch (ct.trim()) {
            case "image/png", "image/apng" -> PNG;
            case "image/jpeg", "image/jpg", "image/pjpeg" -> JPEG;
            case "image/gif" -> GIF;
            case "image/webp" -> WEBP;
            case "video/mp4", "video/x-m4v" -> MP4;
            case "video/quicktime" -> QUICKTIME;
            case "video/webm" -> WEBM;
            case "video/x-matroska" -> MATROSKA;
            case "text/html", "application/xhtml+xml" -> HTML;
            case "text/plain", "application/json", "application/xml", "text/xml" -> TEXT;
            default -> UNKNOWN;
        };
    }

    public static MediaType fromFileName(String fileName) {
        if (fileName == null) {
            return UNKNOWN;
        }
        String n = fileName.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot >= 0 ? n.substring(dot + 1) : "";
        return switch (ext) {
            case "png" -> PNG;
            case "jpg", "jpeg" -> JPEG;
            case "gif" -> GIF;
            case "webp" -> WEBP;
            case "mp4", "m4v" -> MP4;
            case "mov" -> QUICKTIME;
            case "webm" -> WEBM;
            case "mkv" -> MATROSKA;
            case "html", "htm" -> HTML;
            case "txt", "json" -> TEXT;
            default -> UNKNOWN;
        };
    }

    private static MediaType sniffText(byte[] b) {
        int n = Math.min(b.length, SNIFF_BYTES);
        int i = 0;
        if (n >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        String start = new String(b, i, n - i, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<head")
                || start.startsWith("<body") || (start.startsWith("<?xml") && start.contains("<html"))) {
            return HTML;
        }
        for (int k = 0; k < n; k++) {
            int c = b[k] & 0xFF;
            if (c < 0x09 || (c > 0x0D && c < 0x20 && c != 0x1B)) {
                return UNKNOWN;
            }
        }
        return TEXT;
    }

    private static boolean startsWith(byte[] b, int offset, int... expected) {
        if (b.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((b[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsAscii(byte[] b, String s) {
        int n = Math.min(b.length, SNIFF_BYTES);
        return new String(b, 0, n, StandardCharsets.ISO_8859_1).contains(s);
    }
}
