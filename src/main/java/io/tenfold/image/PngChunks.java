package io.tenfold.image;

import io.tenfold.image.ImageRejectedException.Reason;
import java.util.zip.CRC32;

/**
 * Checks a PNG's chunk structure: every chunk complete, every CRC right, an IEND at the end. The
 * JDK's reader checks none of it and decodes a truncated or corrupted file into a partly grey
 * image without a word, which would then be classified with confidence.
 */
final class PngChunks {

    private static final int SIGNATURE = 8;

    private PngChunks() {
    }

    static void check(byte[] bytes) {
        int at = SIGNATURE;
        while (true) {
            if (bytes.length - at < 12) {
                throw damaged("it ends " + (at == bytes.length ? "before its IEND chunk" : "inside a chunk header"));
            }
            long length = u32(bytes, at);
            String type = new String(bytes, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (length > bytes.length - at - 12L) {
                throw damaged("it ends inside its %s chunk".formatted(type));
            }
            CRC32 crc = new CRC32();
            crc.update(bytes, at + 4, 4 + (int) length);
            if (crc.getValue() != u32(bytes, at + 8 + (int) length)) {
                throw damaged("the CRC of its %s chunk is wrong".formatted(type));
            }
            at += 12 + (int) length;
            if (type.equals("IEND")) {
                return;
            }
        }
    }

    private static ImageRejectedException damaged(String why) {
        return new ImageRejectedException(Reason.UNDECODABLE, "the PNG is damaged: %s; send it again, or classify "
                .formatted(why) + "with lenient=true to accept what can be read");
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
    }
}
