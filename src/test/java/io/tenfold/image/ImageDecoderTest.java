package io.tenfold.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
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
        byte[] forged = withPngSize(png, 30_000, 30_000);
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

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    /** Rewrites the IHDR width and height (and its CRC) of a PNG. */
    private static byte[] withPngSize(byte[] png, int width, int height) {
        byte[] copy = png.clone();
        ByteBuffer buffer = ByteBuffer.wrap(copy);
        buffer.putInt(16, width);
        buffer.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(copy, 12, 17);
        buffer.putInt(29, (int) crc.getValue());
        return copy;
    }
}
