package io.tenfold.support;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Image fixtures made in code: encodings, EXIF and Adobe segments written byte by byte, CMYK
 * JPEGs, forged headers. Only one real photograph is committed (src/test/resources/images).
 */
public final class ImageFixtures {

    private ImageFixtures() {
    }

    /** The committed real photograph (535x426 JPEG with an EXIF segment, Orientation 1). */
    public static byte[] photo() {
        try (InputStream in = ImageFixtures.class.getResourceAsStream("/images/squirrel_cls.jpg")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no " + format + " writer for this image type");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JPEG at quality 0.95 of an RGB image, or of a raw 4-band raster (written without colour conversion). */
    public static byte[] jpeg(BufferedImage image, Raster raw) {
        ImageWriter writer = jdkJpegWriter();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.95f);
            writer.write(null, image != null ? new IIOImage(image, null, null) : new IIOImage(raw, null, null), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** The JDK's own writer: it writes a 4-band raster as it is. */
    private static ImageWriter jdkJpegWriter() {
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext();) {
            ImageWriter writer = it.next();
            if (writer.getClass().getName().startsWith("com.sun.")) {
                return writer;
            }
        }
        throw new IllegalStateException("no JDK JPEG writer");
    }

    /** Inserts a marker segment right after a JPEG's SOI marker. */
    public static byte[] withSegment(byte[] jpeg, byte[] segment) {
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(segment, 0, out, 2, segment.length);
        System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
        return out;
    }

    /**
     * An APP1 EXIF segment whose IFD0 holds {@code entries} (tag, type, count, value) in the given
     * byte order; a SHORT value sits in the first two bytes of the value field.
     */
    public static byte[] exifSegment(boolean littleEndian, int[]... entries) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 * entries.length + 4)
                .order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        tiff.put(littleEndian ? (byte) 'I' : (byte) 'M').put(littleEndian ? (byte) 'I' : (byte) 'M');
        tiff.putShort((short) 42).putInt(8).putShort((short) entries.length);
        for (int[] e : entries) {
            tiff.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]);
            if (e[1] == 3) {
                tiff.putShort((short) e[3]).putShort((short) 0);
            } else {
                tiff.putInt(e[3]);
            }
        }
        tiff.putInt(0);
        return app1("Exif\0\0", tiff.array());
    }

    /** The EXIF segment of just an Orientation tag. */
    public static byte[] orientationSegment(int orientation, boolean littleEndian) {
        return exifSegment(littleEndian, new int[] {0x0112, 3, 1, orientation});
    }

    public static byte[] app1(String header, byte[] body) {
        byte[] head = header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int length = 2 + head.length + body.length;
        ByteBuffer segment = ByteBuffer.allocate(2 + length);
        segment.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(head).put(body);
        return segment.array();
    }

    /**
     * An Adobe CMYK JPEG (APP14, transform 0 or 2 for YCCK) of {@code w} x {@code h} pixels whose
     * ink at (x, y) is {@code ink.at(x, y)} = {C, M, Y, K} in 0-255; stored inverted, as Photoshop does.
     */
    public static byte[] cmykJpeg(int w, int h, boolean ycck, Ink ink) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] cmyk = ink.at(x, y);
                int[] stored = {255 - cmyk[0], 255 - cmyk[1], 255 - cmyk[2], 255 - cmyk[3]};
                if (ycck) {
                    // YCCK: the YCbCr of (255 - stored C, M, Y), with K as it is.
                    double r = 255 - stored[0];
                    double g = 255 - stored[1];
                    double b = 255 - stored[2];
                    stored = new int[] {clamp(0.299 * r + 0.587 * g + 0.114 * b),
                            clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b),
                            clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b), stored[3]};
                }
                raster.setPixel(x, y, stored);
            }
        }
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0,
                (byte) (ycck ? 2 : 0)};
        return withSegment(jpeg(null, raster), adobe);
    }

    /** The ink of a CMYK pixel. */
    public interface Ink {
        int[] at(int x, int y);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** A PNG whose IHDR declares {@code width} x {@code height} (CRC fixed). */
    public static byte[] pngWithSize(byte[] png, int width, int height) {
        byte[] copy = png.clone();
        ByteBuffer buffer = ByteBuffer.wrap(copy);
        buffer.putInt(16, width);
        buffer.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(copy, 12, 17);
        buffer.putInt(29, (int) crc.getValue());
        return copy;
    }

    /**
     * A decompression bomb: an 8-bit gray PNG declaring {@code size} x {@code size} pixels whose IDAT
     * is {@code rawBytes} deflated zeros (a thousand-fold compression), and no IEND.
     */
    public static byte[] pngBomb(int size, int rawBytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(new byte[rawBytes]);
        deflater.finish();
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        while (!deflater.finished()) {
            idat.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(size).putInt(size).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(png, "IDAT", idat.toByteArray());
        return png.toByteArray();
    }

    /**
     * A complete, valid black 8-bit RGB PNG of any size, written directly (no BufferedImage of that
     * size is made): a 40,000,000 x 1 panorama is a few hundred KiB.
     */
    public static byte[] blackPng(int width, int height) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] row = new byte[1 + 3 * width];   // filter byte 0, then the pixels
        byte[] buffer = new byte[64 * 1024];
        for (int y = 0; y < height; y++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                idat.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            idat.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * A BMP (BITMAPINFOHEADER) of {@code width} x {@code height} whose compression field says its
     * pixels are an embedded stream (4: JPEG, 5: PNG), {@code payload}, and whose header claims
     * {@code claimedSize} bytes of it.
     */
    public static byte[] bmpWrapping(byte[] payload, int width, int height, int compression, int claimedSize) {
        ByteBuffer b = ByteBuffer.allocate(54 + payload.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(54 + payload.length).putInt(0).putInt(54);
        b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 0).putInt(compression)
                .putInt(claimedSize).putInt(2835).putInt(2835).putInt(0).putInt(0);
        b.put(payload);
        return b.array();
    }

    /** A JPEG whose SOF0 declares {@code width} x {@code height}. */
    public static byte[] jpegWithSize(byte[] jpeg, int width, int height) {
        byte[] copy = jpeg.clone();
        for (int i = 2; i + 9 < copy.length; i++) {
            if ((copy[i] & 0xFF) == 0xFF && ((copy[i + 1] & 0xFF) == 0xC0 || (copy[i + 1] & 0xFF) == 0xC2)) {
                ByteBuffer.wrap(copy).putShort(i + 5, (short) height).putShort(i + 7, (short) width);
                return copy;
            }
        }
        throw new IllegalArgumentException("no SOF0/SOF2 marker");
    }

    /** A 1x1 two-colour GIF written by hand, whose screen and image descriptor declare {@code width} x {@code height}. */
    public static byte[] gif(int width, int height) {
        ByteBuffer gif = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        gif.put("GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        gif.putShort((short) width).putShort((short) height).put((byte) 0x80).put((byte) 0).put((byte) 0);
        gif.put(new byte[] {(byte) 0xFF, 0, 0, 0, 0, (byte) 0xFF}); // palette: red, blue
        gif.put((byte) 0x2C).putShort((short) 0).putShort((short) 0).putShort((short) width).putShort((short) height)
                .put((byte) 0);
        gif.put(new byte[] {2, 2, 0x44, 0x01, 0}); // LZW: one pixel of colour 0
        gif.put((byte) 0x3B);
        byte[] out = new byte[gif.position()];
        gif.flip().get(out);
        return out;
    }

    /**
     * An 8-bit run-length encoded BMP written by hand, {@code width} x {@code height}, all red: its
     * data does not grow with its declared size.
     */
    public static byte[] bmpRle8(int width, int height) {
        ByteArrayOutputStream rle = new ByteArrayOutputStream();
        for (int y = 0; y < height && rle.size() < 64; y++) {
            for (int left = width; left > 0; left -= 255) {
                rle.write(Math.min(255, left));
                rle.write(0); // palette index 0
            }
            rle.write(0);
            rle.write(0); // end of line
        }
        rle.write(0);
        rle.write(1); // end of bitmap
        byte[] data = rle.toByteArray();
        int offset = 14 + 40 + 8;
        ByteBuffer bmp = ByteBuffer.allocate(offset + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(offset + data.length).putInt(0).putInt(offset);
        bmp.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 8).putInt(1) // BI_RLE8
                .putInt(data.length).putInt(2835).putInt(2835).putInt(2).putInt(2);
        bmp.put(new byte[] {0, 0, (byte) 0xFF, 0, (byte) 0xFF, 0, 0, 0}); // palette (BGR0): red, blue
        bmp.put(data);
        return bmp.array();
    }

    /** A BMP whose header declares {@code width} x {@code height}. */
    public static byte[] bmpWithSize(byte[] bmp, int width, int height) {
        byte[] copy = bmp.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(18, width).putInt(22, height);
        return copy;
    }
}
