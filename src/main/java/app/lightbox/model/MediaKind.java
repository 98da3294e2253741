package app.lightbox.model;

import java.util.Locale;

/** What kind of media an output holds, as far as its name or Content-Type tells. */
public enum MediaKind {
    IMAGE, VIDEO, OTHER;

    public static MediaKind fromFileName(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot >= 0 ? n.substring(dot + 1) : "";
        return switch (ext) {
            case "png", "jpg", "jpeg", "gif", "webp", "bmp" -> IMAGE;
            case "mp4", "m4v", "mov", "webm", "mkv" -> VIDEO;
            default -> OTHER;
        };
    }

    public static MediaKind fromContentType(String contentType) {
        if (contentType == null) {
            return OTHER;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        if (ct.startsWith("image/")) {
            return IMAGE;
        }
        if (ct.startsWith("video/")) {
            return VIDEO;
        }
        return OTHER;
    }
}
