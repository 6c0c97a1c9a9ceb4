package io.tenfold.image;

/**
 * Reads the EXIF Orientation tag (0x0112) of a JPEG: walks the marker segments up to the first
 * scan, finds the {@code Exif} APP1 segment and looks the tag up in its first image directory
 * (IFD0). Every offset is checked against the segment, so broken or hostile metadata yields
 * {@link #NORMAL}, never an exception; nothing but these few bytes is parsed.
 *
 * <p>Values: 1 normal, 2 mirrored, 3 rotated 180, 4 flipped vertically, 5 transposed, 6 rotated
 * 90 clockwise, 7 transversed, 8 rotated 90 counter-clockwise (the rotation that displays the
 * stored pixels upright; {@link ImageOps#orient} applies it).
 */
public final class ExifOrientation {

    public static final int NORMAL = 1;

    private static final int TAG_ORIENTATION = 0x0112;
    private static final int TYPE_SHORT = 3;

    private ExifOrientation() {
    }

    /** The orientation, 1 to 8; {@link #NORMAL} for anything but a JPEG with a valid tag. */
    public static int read(byte[] bytes) {
        if (bytes.length < 4 || u8(bytes, 0) != 0xFF || u8(bytes, 1) != 0xD8) {
            return NORMAL;
        }
        int pos = 2;
        while (pos + 4 <= bytes.length) {
            if (u8(bytes, pos) != 0xFF) {
                return NORMAL;
            }
            int marker = u8(bytes, pos + 1);
            if (marker == 0xFF) {
                pos++; // fill byte before a marker
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                return NORMAL; // end of image, or start of scan: metadata comes before
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2; // markers without a length
                continue;
            }
            int length = u16(bytes, pos + 2, false);
            int start = pos + 4;
            int end = pos + 2 + length;
            if (length < 2 || end > bytes.length) {
                return NORMAL;
            }
            if (marker == 0xE1 && end - start >= 6 && isExifHeader(bytes, start)) {
                return fromTiff(bytes, start + 6, end);
            }
            pos = end;
        }
        return NORMAL;
    }

    private static boolean isExifHeader(byte[] b, int at) {
        return b[at] == 'E' && b[at + 1] == 'x' && b[at + 2] == 'i' && b[at + 3] == 'f' && b[at + 4] == 0
                && b[at + 5] == 0;
    }

    /** The tag in IFD0 of the TIFF structure in {@code [base, end)}. */
    private static int fromTiff(byte[] b, int base, int end) {
        if (end - base < 8) {
            return NORMAL;
        }
        boolean little;
        if (b[base] == 'I' && b[base + 1] == 'I') {
            little = true;
        } else if (b[base] == 'M' && b[base + 1] == 'M') {
            little = false;
        } else {
            return NORMAL;
        }
        if (u16(b, base + 2, little) != 42) {
            return NORMAL;
        }
        long ifd = base + u32(b, base + 4, little);
        if (ifd < base + 8 || ifd + 2 > end) {
            return NORMAL;
        }
        int count = u16(b, (int) ifd, little);
        for (int i = 0; i < count; i++) {
            long entry = ifd + 2 + 12L * i;
            if (entry + 12 > end) {
                return NORMAL;
            }
            int at = (int) entry;
            if (u16(b, at, little) == TAG_ORIENTATION) {
                if (u16(b, at + 2, little) != TYPE_SHORT || u32(b, at + 4, little) < 1) {
                    return NORMAL;
                }
                int value = u16(b, at + 8, little);
                return value >= 1 && value <= 8 ? value : NORMAL;
            }
        }
        return NORMAL;
    }

    private static int u8(byte[] b, int at) {
        return b[at] & 0xFF;
    }

    private static int u16(byte[] b, int at, boolean little) {
        return little ? u8(b, at) | u8(b, at + 1) << 8 : u8(b, at) << 8 | u8(b, at + 1);
    }

    private static long u32(byte[] b, int at, boolean little) {
        long lo = u16(b, at, little);
        long hi = u16(b, at + 2, little);
        return little ? lo | hi << 16 : lo << 16 | hi;
    }
}
