package io.tenfold.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.support.ImageFixtures;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(new ImageLimits(1_000_000, 1_000_000));

    @Test
    void grayscalePngBecomesRgbWithEqualChannels() throws IOException {
        BufferedImage gray = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(1, 1, 0, 200);
        BufferedImage rgb = decoder.decode(encode(gray, "png"));
        assertThat(rgb.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(rgb.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xC8C8C8);
    }

    @Test
    void hugeDeclaredSizeIsRejectedFromTheHeader() throws IOException {
        byte[] png = encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png");
        byte[] forged = ImageFixtures.pngWithSize(png, 30_000, 30_000);
        assertThatThrownBy(() -> decoder.decode(forged))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.TOO_LARGE))
                .hasMessageContaining("30000x30000");
    }

    @Test
    void tooManyBytesIsRejected() {
        ImageDecoder tiny = new ImageDecoder(new ImageLimits(10, 1_000_000));
        assertThatThrownBy(() -> tiny.decode(new byte[11]))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.TOO_LARGE));
    }

    @Test
    void textIsUnsupported() {
        assertThatThrownBy(() -> decoder.decode("hello".getBytes()))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.UNSUPPORTED));
    }

    @Test
    void truncatedJpegIsUndecodable() throws IOException {
        byte[] jpeg = encode(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "jpg");
        byte[] truncated = Arrays.copyOf(jpeg, 20);
        assertThatThrownBy(() -> decoder.decode(truncated))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.UNDECODABLE));
    }

    @Test
    void sixteenBitGrayAndRgbAreScaledToEightBits() {
        BufferedImage gray16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(0, 0, 0, 51400); // 200 * 257
        gray16.getRaster().setSample(1, 0, 0, 65535);
        BufferedImage gray = decoder.decode(ImageFixtures.encode(gray16, "png"));
        assertThat(gray.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xC8C8C8);
        assertThat(gray.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);

        BufferedImage rgba16 = sixteenBit(true);
        rgba16.getRaster().setPixel(0, 0, new int[] {65535, 32896, 0, 65535}); // opaque (255, 128, 0)
        rgba16.getRaster().setPixel(1, 0, new int[] {65535, 0, 0, 32896}); // red at alpha 128
        BufferedImage rgb = decoder.decode(ImageFixtures.encode(rgba16, "png"));
        assertThat(rgb.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF8000);
        assertThat(rgb.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0xFF7F7F); // 255 * 127 / 255 of white shows through

        BufferedImage rgb16 = sixteenBit(false);
        rgb16.getRaster().setPixel(0, 0, new int[] {0, 257 * 10, 257 * 250});
        assertThat(decoder.decode(ImageFixtures.encode(rgb16, "png")).getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x000AFA);
    }

    @Test
    void alphaIsCompositedOnWhite() {
        BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00123456); // fully transparent
        argb.setRGB(1, 0, 0x80FF0000); // red at alpha 128
        argb.setRGB(2, 0, 0xFF00FF00); // opaque green
        BufferedImage rgb = decoder.decode(ImageFixtures.encode(argb, "png"));
        assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(rgb.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0xFF7F7F);
        assertThat(rgb.getRGB(2, 0) & 0xFFFFFF).isEqualTo(0x00FF00);
    }

    @Test
    void paletteWithATransparentEntry() {
        IndexColorModel palette = new IndexColorModel(8, 3, new byte[] {0, 0, (byte) 200}, new byte[] {0, (byte) 255, 100},
                new byte[] {0, 0, 50}, 0);
        BufferedImage indexed = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setPixels(0, 0, 3, 1, new int[] {0, 1, 2});
        BufferedImage rgb = decoder.decode(ImageFixtures.encode(indexed, "png"));
        assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(rgb.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x00FF00);
        assertThat(rgb.getRGB(2, 0) & 0xFFFFFF).isEqualTo(0xC86432);
    }

    @Test
    void gifGivesItsFirstFrame() throws IOException {
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {(byte) 255, 0}, new byte[] {0, 0},
                new byte[] {0, (byte) 255});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (int colour : new int[] {0, 1}) { // a red frame, then a blue one
                BufferedImage frame = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_INDEXED, palette);
                frame.getRaster().setPixels(0, 0, 4, 3, new int[12]);
                if (colour == 1) {
                    java.util.Arrays.fill(((java.awt.image.DataBufferByte) frame.getRaster().getDataBuffer()).getData(),
                            (byte) 1);
                }
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        BufferedImage first = decoder.decode(out.toByteArray());
        assertThat(first.getWidth()).isEqualTo(4);
        assertThat(first.getRGB(2, 1) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(decoder.decode(ImageFixtures.gif(1, 1)).getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
    }

    @Test
    void bmpIsReadExactly() {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(2, 1, 0x123456);
        assertThat(decoder.decode(ImageFixtures.encode(image, "bmp")).getRGB(2, 1) & 0xFFFFFF).isEqualTo(0x123456);
    }

    @Test
    void cmykAndYcckJpegsBecomeRgb() {
        for (boolean ycck : new boolean[] {false, true}) {
            // 32x16: cyan left half, yellow right half, a black band at the bottom, blank paper top right
            byte[] jpeg = ImageFixtures.cmykJpeg(48, 32, ycck, (x, y) -> y >= 16 ? new int[] {0, 0, 0, 255}
                    : x < 16 ? new int[] {255, 0, 0, 0} : x < 32 ? new int[] {0, 0, 255, 0} : new int[] {0, 0, 0, 0});
            BufferedImage rgb = decoder.decode(jpeg);
            assertThat(rgb.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
            assertNear(rgb.getRGB(8, 8), 0x00FFFF, "cyan, ycck=" + ycck);
            assertNear(rgb.getRGB(24, 8), 0xFFFF00, "yellow, ycck=" + ycck);
            assertNear(rgb.getRGB(40, 8), 0xFFFFFF, "paper, ycck=" + ycck);
            assertNear(rgb.getRGB(24, 24), 0x000000, "black, ycck=" + ycck);
        }
    }

    @Test
    void exifOrientationIsApplied() {
        // 64x32: white, a red 16x16 block at the top left and a blue one beside it
        BufferedImage stored = new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 64; x++) {
                stored.setRGB(x, y, y < 16 && x < 16 ? 0xFF0000 : y < 16 && x < 32 ? 0x0000FF : 0xFFFFFF);
            }
        }
        byte[] jpeg = ImageFixtures.jpeg(stored, null);
        for (int orientation = 1; orientation <= 8; orientation++) {
            BufferedImage decoded = decoder.decode(ImageFixtures.withSegment(jpeg,
                    ImageFixtures.orientationSegment(orientation, orientation % 2 == 0)));
            BufferedImage expected = ImageOps.orient(stored, orientation);
            assertThat(decoded.getWidth()).isEqualTo(expected.getWidth());
            assertThat(decoded.getHeight()).isEqualTo(expected.getHeight());
            for (int y = 8; y < expected.getHeight(); y += 16) {
                for (int x = 8; x < expected.getWidth(); x += 16) {
                    assertNear(decoded.getRGB(x, y), expected.getRGB(x, y), "orientation " + orientation + " at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void aRealPhotographDecodesAndTurns() {
        byte[] photo = ImageFixtures.photo();
        BufferedImage upright = decoder.decode(photo);
        assertThat(upright.getWidth()).isEqualTo(535);
        assertThat(upright.getHeight()).isEqualTo(426);
        assertThat(upright.getRGB(100, 100)).isNotEqualTo(upright.getRGB(400, 300));
        BufferedImage turned = decoder.decode(ExifOrientationTest.withOrientation(photo, 6));
        assertThat(turned.getWidth()).isEqualTo(426);
        assertThat(turned.getHeight()).isEqualTo(535);
        BufferedImage expected = ImageOps.orient(upright, 6);
        assertThat(turned.getRGB(0, 0, 426, 535, null, 0, 426)).isEqualTo(expected.getRGB(0, 0, 426, 535, null, 0, 426));
    }

    @Test
    void everyFormatsDeclaredSizeIsCheckedBeforeDecoding() {
        byte[] jpeg = ImageFixtures.jpeg(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), null);
        byte[] bmp = ImageFixtures.encode(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "bmp");
        byte[] png = ImageFixtures.encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png");
        java.util.Map<String, byte[]> huge = new java.util.LinkedHashMap<>();
        huge.put("JPEG", ImageFixtures.jpegWithSize(jpeg, 60_000, 60_000));
        huge.put("PNG", ImageFixtures.pngWithSize(png, 50_000, 50_000));
        huge.put("PNG bomb", ImageFixtures.pngBomb(50_000, 4_000_000));
        huge.put("GIF", ImageFixtures.gif(65_535, 65_535));
        huge.put("BMP (RLE8)", ImageFixtures.bmpRle8(20_000, 20_000));
        huge.put("CMYK JPEG", ImageFixtures.jpegWithSize(ImageFixtures.cmykJpeg(8, 8, false, (x, y) -> new int[4]), 60_000, 60_000));
        huge.forEach((format, bytes) -> assertThatThrownBy(() -> decoder.decode(bytes)).describedAs(format)
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.TOO_LARGE))
                .hasMessageContaining("the limit is 1000000 pixels"));
        // An uncompressed BMP whose size does not fit its data: the JDK's reader refuses its header.
        assertThatThrownBy(() -> decoder.decode(ImageFixtures.bmpWithSize(bmp, 100_000, 100_000)))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.UNDECODABLE));
    }

    @Test
    void aSmallRunLengthBmpDecodes() {
        BufferedImage rle = decoder.decode(ImageFixtures.bmpRle8(3, 2));
        assertThat(rle.getWidth()).isEqualTo(3);
        assertThat(rle.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
    }

    @Test
    void emptyIsUnsupportedAndBrokenDataIsUndecodable() {
        assertThatThrownBy(() -> decoder.decode(new byte[0])).isInstanceOfSatisfying(ImageRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.UNSUPPORTED));
        byte[] photo = ImageFixtures.photo();
        // cut anywhere: rejected with a reason, or decoded (JPEG readers fill a cut-off scan with gray)
        for (int cut : new int[] {3, 100, 400, 1000, photo.length / 2, photo.length - 10}) {
            try {
                decoder.decode(java.util.Arrays.copyOf(photo, cut));
            } catch (ImageRejectedException e) {
                assertThat(e.reason()).as("cut at %d", cut).isIn(ImageRejectedException.Reason.UNDECODABLE,
                        ImageRejectedException.Reason.UNSUPPORTED);
            }
        }
        byte[] png = ImageFixtures.encode(new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB), "png");
        assertThatThrownBy(() -> decoder.decode(java.util.Arrays.copyOf(png, png.length - 30)))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.UNDECODABLE));
    }

    /**
     * The JDK reads a BMP that wraps a PNG or JPEG stream with that format's reader and no pixel
     * limit, after allocating what the BMP header claims; such files are refused before ImageIO
     * sees them, as are formats the service does not document.
     */
    @Test
    void wrappersAndUndocumentedFormatsAreRefused() throws IOException {
        byte[] png = encode(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png");
        for (int compression : new int[] {4, 5}) {
            byte[] wrapper = ImageFixtures.bmpWrapping(png, 1, 1, compression, Integer.MAX_VALUE);
            assertThatThrownBy(() -> decoder.decode(wrapper)).as("compression %d", compression)
                    .isInstanceOfSatisfying(ImageRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.UNSUPPORTED))
                    .hasMessageContaining("BMP wrapping");
        }
        for (String format : new String[] {"tiff", "wbmp"}) {
            BufferedImage image = new BufferedImage(8, 8, format.equals("wbmp") ? BufferedImage.TYPE_BYTE_BINARY
                    : BufferedImage.TYPE_INT_RGB);
            byte[] bytes = encode(image, format);
            assertThatThrownBy(() -> decoder.decode(bytes)).as(format)
                    .isInstanceOfSatisfying(ImageRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.UNSUPPORTED));
        }
    }

    /** A JPEG cut inside its scan and a PNG with a bad CRC decode to half an image; by default that is refused. */
    @Test
    void damagedImagesAreRefusedUnlessLenient() throws IOException {
        byte[] photo = ImageFixtures.photo();
        byte[] truncated = Arrays.copyOf(photo, photo.length * 2 / 3);
        assertThatThrownBy(() -> decoder.decode(truncated))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.UNDECODABLE))
                .hasMessageContaining("lenient=true");
        assertThat(decoder.lenient().decode(truncated).getWidth()).isPositive();

        byte[] png = encode(TestImages.photo(40, 30, 3), "png");
        byte[] badCrc = png.clone();
        badCrc[badCrc.length - 20] ^= 0x55;   // inside the IDAT data: its CRC no longer matches
        assertThatThrownBy(() -> decoder.decode(badCrc))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.UNDECODABLE))
                .hasMessageContaining("CRC");
        assertThat(decoder.decode(png).getWidth()).isEqualTo(40);
    }

    /** What a decode will hold is reserved before its pixels are read: beyond the whole budget it is too large, beyond what is free it waits, then is busy. */
    @Test
    void decodingMemoryIsReservedFromABudget() {
        DecodeBudget budget = new DecodeBudget(4 << 20, 50);
        ImageDecoder bounded = new ImageDecoder(new ImageLimits(100_000_000, 100_000_000), budget, false);
        byte[] large = ImageFixtures.encode(new BufferedImage(1000, 1000, BufferedImage.TYPE_INT_RGB), "png");
        assertThatThrownBy(() -> bounded.decode(large))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.TOO_LARGE))
                .hasMessageContaining("decodes at most 4 MiB");
        byte[] small = ImageFixtures.encode(new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB), "png");
        try (DecodeBudget.Permit held = budget.acquire(budget.bytes() - (64 << 10), "something else")) {
            assertThatThrownBy(() -> bounded.decode(small)).isInstanceOf(DecoderBusyException.class);
        }
        assertThat(bounded.decode(small).getWidth()).isEqualTo(100);
        assertThat(budget.available()).isEqualTo(budget.bytes());
    }

    private static BufferedImage sixteenBit(boolean alpha) {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        return new BufferedImage(cm, cm.createCompatibleWritableRaster(2, 1), false, null);
    }

    private static void assertNear(int actual, int expected, String what) {
        for (int shift = 0; shift <= 16; shift += 8) {
            assertThat((actual >> shift) & 0xFF).as("%s: %06x vs %06x", what, actual & 0xFFFFFF, expected)
                    .isCloseTo((expected >> shift) & 0xFF, org.assertj.core.data.Offset.offset(40));
        }
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }
}
