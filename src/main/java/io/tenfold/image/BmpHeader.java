package io.tenfold.image;

import io.tenfold.image.ImageRejectedException.Reason;

/**
 * The one check a BMP needs before ImageIO reads it: that it is not a wrapper around a JPEG or PNG
 * stream (compression BI_JPEG or BI_PNG). The JDK's BMP reader decodes such a stream with its own
 * reader and no pixel limit, and allocates what the BMP header claims for it first, so a file of
 * a hundred bytes can cost gigabytes. Nothing sends these but printers and attackers.
 */
final class BmpHeader {

    private static final int FILE_HEADER = 14;
    private static final int BI_JPEG = 4;
    private static final int BI_PNG = 5;

    private BmpHeader() {
    }

    static void check(byte[] bytes) {
        if (bytes.length < FILE_HEADER + 4) {
            throw new ImageRejectedException(Reason.UNDECODABLE, "the BMP ends inside its header");
        }
        long infoSize = u32(bytes, FILE_HEADER);
        if (infoSize < 40) {
            return;   // OS/2's BITMAPCOREHEADER: no compression field, uncompressed pixels
        }
        if (bytes.length < FILE_HEADER + 20) {
            throw new ImageRejectedException(Reason.UNDECODABLE, "the BMP ends inside its header");
        }
        long compression = u32(bytes, FILE_HEADER + 16);
        if (compression == BI_JPEG || compression == BI_PNG) {
            throw new ImageRejectedException(Reason.UNSUPPORTED, ("a BMP wrapping a %s stream is not accepted; send the "
                    + "%s itself").formatted(compression == BI_JPEG ? "JPEG" : "PNG", compression == BI_JPEG ? "JPEG" : "PNG"));
        }
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
