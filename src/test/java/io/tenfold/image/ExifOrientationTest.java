package io.tenfold.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.support.ImageFixtures;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {

    private static final byte[] JPEG = ImageFixtures.jpeg(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), null);

    @Test
    void readsEveryOrientationInBothByteOrders() {
        for (int orientation = 1; orientation <= 8; orientation++) {
            for (boolean little : new boolean[] {true, false}) {
                byte[] jpeg = ImageFixtures.withSegment(JPEG, ImageFixtures.orientationSegment(orientation, little));
                assertThat(ExifOrientation.read(jpeg)).as("orientation %d, little-endian %s", orientation, little)
                        .isEqualTo(orientation);
            }
        }
    }

    @Test
    void findsTheTagAmongOthersAndAfterAnXmpSegment() {
        byte[] exif = ImageFixtures.exifSegment(false, new int[] {0x010F, 2, 4, 0}, new int[] {0x0110, 2, 4, 0},
                new int[] {0x0112, 3, 1, 6}, new int[] {0x011A, 5, 1, 0});
        byte[] xmp = ImageFixtures.app1("http://ns.adobe.com/xap/1.0/\0", "<x:xmpmeta/>".getBytes());
        byte[] jpeg = ImageFixtures.withSegment(ImageFixtures.withSegment(JPEG, exif), xmp);
        assertThat(ExifOrientation.read(jpeg)).isEqualTo(6);
        // fill bytes before a marker are allowed
        byte[] filled = ImageFixtures.withSegment(jpeg, new byte[] {(byte) 0xFF, (byte) 0xFF});
        assertThat(ExifOrientation.read(filled)).isEqualTo(6);
    }

    @Test
    void anythingElseIsNormal() {
        assertThat(ExifOrientation.read(JPEG)).as("no EXIF").isEqualTo(1);
        assertThat(ExifOrientation.read(new byte[0])).isEqualTo(1);
        assertThat(ExifOrientation.read("hello, world".getBytes())).isEqualTo(1);
        assertThat(ExifOrientation.read(ImageFixtures.encode(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png")))
                .isEqualTo(1);
        for (int bad : new int[] {0, 9, 0xFFFF}) {
            assertThat(ExifOrientation.read(ImageFixtures.withSegment(JPEG, ImageFixtures.orientationSegment(bad, true))))
                    .as("value %d", bad).isEqualTo(1);
        }
        byte[] asLong = ImageFixtures.exifSegment(true, new int[] {0x0112, 4, 1, 6});
        assertThat(ExifOrientation.read(ImageFixtures.withSegment(JPEG, asLong))).as("not a SHORT").isEqualTo(1);
    }

    @Test
    void brokenSegmentsAreNormalNotErrors() {
        byte[] segment = ImageFixtures.orientationSegment(6, true);
        byte[] jpeg = ImageFixtures.withSegment(JPEG, segment);
        // cut inside the segment, at every length
        for (int cut = 0; cut < 2 + segment.length; cut++) {
            assertThat(ExifOrientation.read(Arrays.copyOf(jpeg, cut))).as("cut at %d", cut).isEqualTo(1);
        }
        // an IFD offset far past the segment
        byte[] farIfd = segment.clone();
        farIfd[14] = (byte) 0xF0; // little-endian IFD offset: bytes 14..17 (after FFE1, length, Exif\0\0, II, 42)
        assertThat(ExifOrientation.read(ImageFixtures.withSegment(JPEG, farIfd))).isEqualTo(1);
        // an entry count far larger than the segment holds
        byte[] manyEntries = segment.clone();
        manyEntries[18] = (byte) 0xFF;
        manyEntries[19] = (byte) 0xFF;
        assertThat(ExifOrientation.read(ImageFixtures.withSegment(JPEG, manyEntries))).isIn(1, 6);
        // a segment length pointing past the end
        byte[] longSegment = segment.clone();
        longSegment[2] = (byte) 0x7F;
        assertThat(ExifOrientation.read(ImageFixtures.withSegment(JPEG, longSegment))).isEqualTo(1);
        // a byte-order mark that is neither II nor MM
        byte[] badOrder = segment.clone();
        badOrder[10] = 'X';
        assertThat(ExifOrientation.read(ImageFixtures.withSegment(JPEG, badOrder))).isEqualTo(1);
    }

    @Test
    void readsTheRealPhotographsExifSegment() {
        byte[] photo = ImageFixtures.photo();
        assertThat(ExifOrientation.read(photo)).isEqualTo(1);
        assertThat(ExifOrientation.read(withOrientation(photo, 8))).isEqualTo(8);
    }

    /** Rewrites the value of the Orientation entry of the photograph's little-endian EXIF segment. */
    static byte[] withOrientation(byte[] photo, int orientation) {
        byte[] copy = photo.clone();
        for (int i = 0; i + 10 < copy.length; i++) {
            // tag 0x0112, type SHORT (3), count 1, little-endian
            if (copy[i] == 0x12 && copy[i + 1] == 0x01 && copy[i + 2] == 3 && copy[i + 3] == 0 && copy[i + 4] == 1
                    && copy[i + 5] == 0 && copy[i + 6] == 0 && copy[i + 7] == 0) {
                copy[i + 8] = (byte) orientation;
                return copy;
            }
        }
        throw new IllegalArgumentException("no little-endian Orientation entry");
    }
}
