package app.lightbox.core.media;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The text chunks of a PNG ({@code tEXt}, {@code zTXt}, {@code iTXt}) by keyword, read without decoding the
 * picture. ComfyUI's SaveImage stores its graphs there as {@code prompt} and {@code workflow}. Reading stops
 * at the first {@code IDAT} after which ComfyUI writes nothing, but text after it is still picked up when
 * the file is short. Blocking file work.
 */
public final class PngText {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    /** A text chunk larger than this is skipped: no graph is that big, a hostile file may claim to be. */
    private static final int MAX_CHUNK = 32 * 1024 * 1024;

    private PngText() {
    }

    /** The text chunks, or an empty map if the file is no PNG. */
    public static Map<String, String> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    public static Map<String, String> read(byte[] png) {
        try {
            return read(new java.io.ByteArrayInputStream(png));
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static Map<String, String> read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw));
        Map<String, String> texts = new LinkedHashMap<>();
        byte[] sig = in.readNBytes(SIGNATURE.length);
        if (!java.util.Arrays.equals(sig, SIGNATURE)) {
            return texts;
        }
        try {
            while (true) {
                long length = in.readInt() & 0xFFFFFFFFL;
                byte[] typeBytes = in.readNBytes(4);
                if (typeBytes.length < 4) {
                    break;
                }
                String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
                boolean text = type.equals("tEXt") || type.equals("zTXt") || type.equals("iTXt");
                if (text && length <= MAX_CHUNK) {
                    byte[] data = in.readNBytes((int) length);
                    if (data.length < length) {
                        break;
                    }
                    parse(type, data, texts);
                } else {
                    skip(in, length);
                }
                skip(in, 4); // CRC
                if (type.equals("IEND")) {
                    break;
                }
            }
        } catch (EOFException e) {
            // A truncated file: keep what was read.
        }
        return texts;
    }

    private static void parse(String type, byte[] data, Map<String, String> out) {
        int nul = indexOf(data, 0, (byte) 0);
        if (nul <= 0) {
            return;
        }
        String keyword = new String(data, 0, nul, StandardCharsets.ISO_8859_1);
        try {
            switch (type) {
                case "tEXt" -> out.putIfAbsent(keyword,
                        new String(data, nul + 1, data.length - nul - 1, StandardCharsets.ISO_8859_1));
                case "zTXt" -> {
                    if (data.length > nul + 2 && data[nul + 1] == 0) {
                        out.putIfAbsent(keyword, new String(inflate(data, nul + 2), StandardCharsets.ISO_8859_1));
                    }
                }
                case "iTXt" -> {
                    if (data.length < nul + 3) {
                        return;
                    }
                    boolean compressed = data[nul + 1] == 1;
                    int lang = indexOf(data, nul + 3, (byte) 0);
                    int translated = lang < 0 ? -1 : indexOf(data, lang + 1, (byte) 0);
                    if (translated < 0) {
                        return;
                    }
                    byte[] value = compressed ? inflate(data, translated + 1)
                            : java.util.Arrays.copyOfRange(data, translated + 1, data.length);
                    out.putIfAbsent(keyword, new String(value, StandardCharsets.UTF_8));
                }
                default -> {
                }
            }
        } catch (DataFormatException e) {
            // A damaged compressed chunk is left out; the others still count.
        }
    }

    private static byte[] inflate(byte[] data, int from) throws DataFormatException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(data, from, data.length - from);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_CHUNK) {
                    throw new DataFormatException("text chunk too large");
                }
            }
            return out.toByteArray();
        } finally {
            inf.end();
        }
    }

    private static int indexOf(byte[] data, int from, byte b) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static void skip(DataInputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }
}
