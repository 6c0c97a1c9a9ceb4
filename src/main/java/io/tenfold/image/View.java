package io.tenfold.image;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A square crop a network sees of an image, as parameters: the {@code size} square crop at ({@code x}, {@code y}) of the image
 * resized so that its short side is {@code scale}, then mirrored left to right if {@code mirrored}.
 */
public record View(int scale, int x, int y, int size, boolean mirrored) {

    /** A resized image may not have more pixels than this (a 1:100 panorama at scale 640 would). */
    public static final long MAX_RESIZED_PIXELS = 16_000_000L;

    public View {
        if (scale <= 0 || size <= 0 || x < 0 || y < 0) {
            throw new IllegalArgumentException("a view needs a positive scale and size and a non-negative origin");
        }
    }

    /** E.g. {@code crop 16,0 224x224 @256} or {@code mirror crop 16,0 224x224 @256}. */
    public String describe() {
        return "%scrop %d,%d %dx%d @%d".formatted(mirrored ? "mirror " : "", x, y, size, size, scale);
    }

    /** This view of the image. */
    public BufferedImage cut(BufferedImage image) {
        return apply(image, List.of(this)).get(0);
    }

    /** Cuts the views from the image, resizing it once per scale. */
    public static List<BufferedImage> apply(BufferedImage image, List<View> views) {
        Map<Integer, BufferedImage> resized = new HashMap<>();
        List<BufferedImage> out = new ArrayList<>(views.size());
        for (View view : views) {
            BufferedImage scaled = resized.computeIfAbsent(view.scale(), s -> ImageOps.resizeShortSide(image, s));
            BufferedImage crop = Warp.crop(scaled, view.x(), view.y(), view.size(), view.size());
            out.add(view.mirrored() ? Warp.flipHorizontal(crop) : crop);
        }
        return out;
    }

    /** The {width, height} of a {@code width} x {@code height} image resized to short side {@code scale}. */
    private static int[] resized(int width, int height, int scale) {
        int[] size = ImageOps.shortSideSize(width, height, scale);
        if ((long) size[0] * size[1] > MAX_RESIZED_PIXELS) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE,
                    "resized to a short side of %d the %dx%d image would be %dx%d pixels, more than %d; crop it first"
                            .formatted(scale, width, height, size[0], size[1], MAX_RESIZED_PIXELS));
        }
        return size;
    }

    /** The four corner crops and the centre crop, in that order (torchvision's five_crop order). */
    public static List<View> fiveCrops(int width, int height, int scale, int size) {
        int[] r = resized(width, height, scale);
        int right = r[0] - size;
        int bottom = r[1] - size;
        return List.of(
                new View(scale, 0, 0, size, false),
                new View(scale, right, 0, size, false),
                new View(scale, 0, bottom, size, false),
                new View(scale, right, bottom, size, false),
                center(width, height, scale, size));
    }

    public static View center(int width, int height, int scale, int size) {
        int[] r = resized(width, height, scale);
        return new View(scale, (r[0] - size) / 2, (r[1] - size) / 2, size, false);
    }

    public View mirror() {
        return new View(scale, x, y, size, !mirrored);
    }

    /** The views followed by their mirrors. */
    public static List<View> withMirrors(List<View> views) {
        List<View> out = new ArrayList<>(views);
        views.forEach(v -> out.add(v.mirror()));
        return List.copyOf(out);
    }
}
