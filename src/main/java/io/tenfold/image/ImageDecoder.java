package io.tenfold.image;

import io.tenfold.image.ImageRejectedException.Reason;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes untrusted image bytes into upright 8-bit RGB, bounding what any image can cost before it
 * costs it: only the formats the service documents are read, the declared width and height are
 * checked against the pixel limit, and the memory the pixels will take is reserved from the
 * process's {@link DecodeBudget} before any pixel buffer is allocated.
 *
 * <p>Formats: JPEG (also CMYK and YCCK, through the TwelveMonkeys reader), PNG, BMP and GIF (its
 * first frame); TIFF, WBMP and whatever else ImageIO could read are refused, as are BMP files that
 * wrap a JPEG or PNG (the JDK reads the wrapped stream with no pixel limit). A JPEG's EXIF
 * orientation is applied. Grayscale, palette, 16-bit and CMYK images become 8-bit sRGB;
 * transparent pixels are composited on white.
 *
 * <p>Broken images are refused: a decoder's warning (a truncated JPEG, say) is an error, and a
 * PNG's chunks must be complete with correct CRCs. {@link #lenient()} gives a decoder that
 * accepts what the readers can make of a damaged file instead.
 */
public final class ImageDecoder {

    static {
        // ImageIO finds plugins with the context class loader of the thread that first uses it; scan
        // once more from here so the JPEG plugin is found in a packaged application too.
        ImageIO.scanForPlugins();
    }

    /** ImageIO's format names of what the service reads. */
    private static final Set<String> ACCEPTED = Set.of("jpeg", "png", "bmp", "gif");
    private static final String FORMATS = "JPEG, PNG, BMP or GIF";

    /** How long a decode waits for memory by default: a request should be told to come back rather than hang. */
    private static final long REQUEST_WAIT_MILLIS = 5_000;

    private final ImageLimits limits;
    private final DecodeBudget budget;
    private final boolean lenient;
    private final long waitMillis;

    public ImageDecoder(ImageLimits limits) {
        this(limits, DecodeBudget.HEAP, false);
    }

    public ImageDecoder(ImageLimits limits, DecodeBudget budget, boolean lenient) {
        this(limits, budget, lenient, REQUEST_WAIT_MILLIS);
    }

    private ImageDecoder(ImageLimits limits, DecodeBudget budget, boolean lenient, long waitMillis) {
        this.limits = limits;
        this.budget = budget;
        this.lenient = lenient;
        this.waitMillis = waitMillis;
    }

    /** The same decoder, accepting damaged images as far as the readers can read them. */
    public ImageDecoder lenient() {
        return new ImageDecoder(limits, budget, true, waitMillis);
    }

    /** The same decoder, waiting as long as it takes for decoding memory: for training, which must not fail for being busy. */
    public ImageDecoder patient() {
        return new ImageDecoder(limits, budget, lenient, Long.MAX_VALUE / 2);
    }

    public BufferedImage decode(byte[] bytes) {
        if (bytes.length > limits.maxBytes()) {
            throw new ImageRejectedException(Reason.TOO_LARGE,
                    "image is %d bytes; the limit is %d".formatted(bytes.length, limits.maxBytes()));
        }
        if (bytes.length == 0) {
            throw new ImageRejectedException(Reason.UNSUPPORTED, "the image is empty (0 bytes)");
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = reader(in);
            String format = reader.getFormatName().toLowerCase(Locale.ROOT);
            try {
                if (format.equals("bmp")) {
                    BmpHeader.check(bytes);
                }
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new ImageRejectedException(Reason.UNDECODABLE, "image declares no pixels");
                }
                if (width * height > limits.maxPixels()) {
                    throw new ImageRejectedException(Reason.TOO_LARGE,
                            "image is %dx%d pixels; the limit is %d pixels".formatted(width, height, limits.maxPixels()));
                }
                if (format.equals("png") && !lenient) {
                    PngChunks.check(bytes);
                }
                Warnings warnings = new Warnings();
                reader.addIIOReadWarningListener(warnings);
                try (DecodeBudget.Permit permit = budget.acquire(width * height * bytesPerPixel(reader),
                        "a %dx%d %s".formatted(width, height, format.toUpperCase(Locale.ROOT)), waitMillis)) {
                    BufferedImage decoded = reader.read(0);
                    if (warnings.first != null && !lenient) {
                        throw new ImageRejectedException(Reason.UNDECODABLE, "the %s is damaged (%s); send it "
                                .formatted(format.toUpperCase(Locale.ROOT), warnings.first)
                                + "again, or classify with lenient=true to accept what can be read");
                    }
                    BufferedImage rgb = toRgb(decoded);
                    decoded = null;
                    return ImageOps.orient(rgb, ExifOrientation.read(bytes));
                }
            } finally {
                reader.dispose();
            }
        } catch (ImageRejectedException | DecoderBusyException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // The reader's own words stay in the cause, for the log; the client is told what to do.
            throw new ImageRejectedException(Reason.UNDECODABLE, "the image data is broken or cut short; send the file "
                    + "again, or another one", e);
        }
    }

    /** The first reader for the stream whose format the service accepts. */
    private static ImageReader reader(ImageInputStream in) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new ImageRejectedException(Reason.UNSUPPORTED, "not an image in a supported format (" + FORMATS + ")");
        }
        String refused = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            String format = reader.getFormatName().toLowerCase(Locale.ROOT);
            if (ACCEPTED.contains(format)) {
                return reader;
            }
            refused = format;
            reader.dispose();
        }
        throw new ImageRejectedException(Reason.UNSUPPORTED,
                "%s images are not accepted; send %s".formatted(refused.toUpperCase(Locale.ROOT), FORMATS));
    }

    /**
     * What decoding holds per pixel at its peak: the reader's own raster (its sample size, or the
     * 16-bit RGBA worst case when it does not say) and the two RGB copies conversion and turning
     * upright make.
     */
    private static long bytesPerPixel(ImageReader reader) throws IOException {
        long raw = 8;
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type != null) {
            SampleModel model = type.getSampleModel();
            raw = Math.max(1, (long) model.getNumBands() * DataBuffer.getDataTypeSize(model.getDataType()) / 8);
        }
        return raw + 8;
    }

    /**
     * Keeps the first warning a reader reports about the data (a premature end, corrupt entropy
     * data); warnings about colour management, such as a CMYK JPEG without an ICC profile, say
     * nothing about damage and are passed over.
     */
    private static final class Warnings implements IIOReadWarningListener {

        String first;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            String lower = warning.toLowerCase(Locale.ROOT);
            if (first == null && !lower.contains("icc") && !lower.contains("color profile")) {
                first = warning;
            }
        }
    }

    /**
     * Any colour model to opaque 8-bit sRGB ({@code TYPE_INT_RGB}). Gray and sRGB samples of any
     * depth are scaled to 8 bits as they are (a gray value v becomes (v, v, v), as PIL does; the
     * JDK's own conversion would treat gray as linear light and brighten it); other colour spaces
     * (CMYK, embedded ICC profiles) are converted to sRGB; alpha is composited on white.
     */
    static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        ColorModel cm = image.getColorModel();
        ColorSpace cs = cm.getColorSpace();
        if (cm instanceof ComponentColorModel && (cs.isCS_sRGB() || cs.getType() == ColorSpace.TYPE_GRAY)
                && integerSamples(image.getRaster())) {
            return fromSamples(image);
        }
        if (!(cm instanceof IndexColorModel) && !cs.isCS_sRGB()) {
            BufferedImage converted = new BufferedImage(image.getWidth(), image.getHeight(),
                    cm.hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            new ColorConvertOp(null).filter(image, converted);
            image = converted;
        }
        return fromArgb(image);
    }

    private static boolean integerSamples(Raster raster) {
        int type = raster.getDataBuffer().getDataType();
        return type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT || type == DataBuffer.TYPE_SHORT
                || type == DataBuffer.TYPE_INT;
    }

    /** Gray or sRGB component samples (8 or 16 bits, with or without alpha), scaled to 8 bits. */
    private static BufferedImage fromSamples(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        int bands = raster.getNumBands();
        boolean gray = cm.getNumColorComponents() == 1;
        boolean alpha = cm.hasAlpha();
        boolean premultiplied = cm.isAlphaPremultiplied();
        int[] max = new int[bands];
        for (int b = 0; b < bands; b++) {
            max[b] = (int) ((1L << cm.getComponentSize(b)) - 1);
        }
        int alphaBand = bands - 1;
        int[] samples = new int[w * bands];
        int[] row = new int[w];
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, samples);
            for (int x = 0, i = 0; x < w; x++, i += bands) {
                int r = to8(samples[i], max[0]);
                int g = gray ? r : to8(samples[i + 1], max[1]);
                int b = gray ? r : to8(samples[i + 2], max[2]);
                int a = alpha ? to8(samples[i + alphaBand], max[alphaBand]) : 255;
                if (premultiplied && a > 0) {
                    r = Math.min(255, r * 255 / a);
                    g = Math.min(255, g * 255 / a);
                    b = Math.min(255, b * 255 / a);
                }
                row[x] = onWhite(r, a) << 16 | onWhite(g, a) << 8 | onWhite(b, a);
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    /** Through the colour model's own sRGB ARGB values (palette, packed and converted images). */
    private static BufferedImage fromArgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] row = new int[w];
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                int a = argb >>> 24;
                row[x] = onWhite(argb >> 16 & 0xFF, a) << 16 | onWhite(argb >> 8 & 0xFF, a) << 8 | onWhite(argb & 0xFF, a);
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    private static int to8(int sample, int max) {
        return max == 255 ? sample & 0xFF : (int) (((long) sample * 255 + max / 2) / max);
    }

    /** A channel value with alpha a (0-255) composited on white. */
    private static int onWhite(int value, int a) {
        return a == 255 ? value : (value * a + 255 * (255 - a) + 127) / 255;
    }
}
