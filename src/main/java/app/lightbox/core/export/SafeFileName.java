package app.lightbox.core.export;

import app.lightbox.model.SignedUrl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a name that came from the network into one that is safe to create on Windows, macOS and Linux: a
 * single path component, no traversal, nothing a file system or shell treats specially, at most
 * {@value #MAX_BYTES} UTF-8 bytes with the extension kept.
 */
public final class SafeFileName {

    public static final int MAX_BYTES = 200;
    public static final String FALLBACK = "output";

    private static final Set<String> WINDOWS_RESERVED = Set.of(
            "CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");
    private static final int MAX_EXTENSION_BYTES = 16;

    private SafeFileName() {
    }

    /** The last segment of the link's path, percent-decoded, then sanitized. */
    public static String fromUrl(SignedUrl url) {
        return sanitize(percentDecode(url.rawLastPathSegment()));
    }

    public static String sanitize(String raw) {
        String s = raw == null ? "" : Normalizer.normalize(raw, Normalizer.Form.NFC);
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> sb.appendCodePoint(isForbidden(cp) ? '_' : cp));
        String name = sb.toString().strip();
        // ".." runs become "." so nothing that looks like traversal survives, even harmlessly embedded.
        name = name.replaceAll("\\.{2,}", ".");
        name = stripTrailingDotsAndSpaces(name);
        // A leading dot would hide the file on Unix.
        if (name.startsWith(".")) {
            name = "_" + name.substring(1);
        }
        if (name.isEmpty()) {
            name = FALLBACK;
        }
        name = escapeReserved(name);
        name = limitLength(name, MAX_BYTES);
        return name.isEmpty() ? FALLBACK : name;
    }

    /** "name (n).ext" for the n-th file that wanted the same name, still within the length limit. */
    public static String numbered(String safeName, int n) {
        String suffix = " (" + n + ")";
        int dot = extensionDot(safeName);
        String stem = dot > 0 ? safeName.substring(0, dot) : safeName;
        String ext = dot > 0 ? safeName.substring(dot) : "";
        int room = MAX_BYTES - utf8Length(suffix) - utf8Length(ext);
        stem = stripTrailingDotsAndSpaces(truncateUtf8(stem, room));
        return stem + suffix + ext;
    }

    /** Decodes %XX sequences as UTF-8 ('+' stays '+'); malformed escapes are kept literally. */
    static String percentDecode(String s) {
        if (s == null || s.indexOf('%') < 0) {
            return s == null ? "" : s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 3;
                continue;
            }
            if (bytes.size() > 0) {
                out.append(bytes.toString(StandardCharsets.UTF_8));
                bytes.reset();
            }
            out.append(c);
            i++;
        }
        if (bytes.size() > 0) {
            out.append(bytes.toString(StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static boolean isForbidden(int cp) {
        if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)) {
            return true;
        }
        // Bidi overrides and zero-width characters can disguise an extension ("photo\u202Egnp.exe").
        if (Character.getType(cp) == Character.FORMAT || cp == 0xFFFD) {
            return true;
        }
        return switch (cp) {
            case '/', '\\', '<', '>', ':', '"', '|', '?', '*' -> true;
            default -> false;
        };
    }

    private static String escapeReserved(String name) {
        int dot = name.indexOf('.');
        String stem = (dot >= 0 ? name.substring(0, dot) : name).strip().toUpperCase(Locale.ROOT);
        return WINDOWS_RESERVED.contains(stem) ? "_" + name : name;
    }

    private static String limitLength(String name, int maxBytes) {
        if (utf8Length(name) <= maxBytes) {
            return name;
        }
        int dot = extensionDot(name);
        String ext = dot > 0 ? name.substring(dot) : "";
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String cut = stripTrailingDotsAndSpaces(truncateUtf8(stem, maxBytes - utf8Length(ext)));
        if (cut.isEmpty()) {
            cut = FALLBACK;
        }
        return cut + ext;
    }

    /** Index of the extension's dot, or -1 if there is no short, sensible extension. */
    private static int extensionDot(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return -1;
        }
        return utf8Length(name.substring(dot)) <= MAX_EXTENSION_BYTES ? dot : -1;
    }

    private static String truncateUtf8(String s, int maxBytes) {
        if (maxBytes <= 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = utf8Length(new String(Character.toChars(cp)));
            if (used + len > maxBytes) {
                break;
            }
            sb.appendCodePoint(cp);
            used += len;
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static String stripTrailingDotsAndSpaces(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '.' || Character.isWhitespace(s.charAt(end - 1)))) {
            end--;
        }
        return s.substring(0, end);
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
