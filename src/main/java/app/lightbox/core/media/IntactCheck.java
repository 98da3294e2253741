package app.lightbox.core.media;

/**
 * Spots files that stop early. Decoders are not reliable at this: the JDK's JPEG reader fills a cut-off
 * picture with grey and only warns, and a GIF without its trailer decodes partially.
 */
final class IntactCheck {

    private IntactCheck() {
    }

    static void check(MediaType type, byte[] b) throws MediaDecodeException {
        switch (type) {
            case PNG -> png(b);
            case JPEG -> jpeg(b);
            case GIF -> gif(b);
            case WEBP, WEBP_ANIMATED -> WebPContainer.parse(b);
            default -> {
            }
        }
    }

    private static void png(byte[] b) throws MediaDecodeException {
        int pos = 8;
        while (true) {
            if (pos + 12 > b.length) {
                throw new MediaDecodeException(MediaDecodeException.truncated("PNG"));
            }
            long len = (b[pos] & 0xFFL) << 24 | (b[pos + 1] & 0xFFL) << 16 | (b[pos + 2] & 0xFFL) << 8 | (b[pos + 3] & 0xFFL);
            String type = WebPContainer.fourCc(b, pos + 4);
            long next = pos + 12 + len;
            if (next > b.length) {
                throw new MediaDecodeException(MediaDecodeException.truncated("PNG"));
            }
            if (type.equals("IEND")) {
                return;
            }
            pos = (int) next;
        }
    }

    private static void jpeg(byte[] b) throws MediaDecodeException {
        int end = trimTrailingZeros(b);
        // EOI (FF D9) can only appear as a marker: inside entropy-coded data FF is always stuffed as FF 00.
        for (int i = end - 2; i >= Math.max(2, end - 64); i--) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
                return;
            }
        }
        throw new MediaDecodeException(MediaDecodeException.truncated("JPEG"));
    }

    private static void gif(byte[] b) throws MediaDecodeException {
        int end = trimTrailingZeros(b);
        if (end < 14 || b[end - 1] != 0x3B) {
            throw new MediaDecodeException(MediaDecodeException.truncated("GIF"));
        }
    }

    private static int trimTrailingZeros(byte[] b) {
        int end = b.length;
        while (end > 0 && b[end - 1] == 0) {
            end--;
        }
        return end;
    }
}
