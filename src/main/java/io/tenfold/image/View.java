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

    /**
     * Above this many pixels the resized image is never made: each view is resampled from its box
     * of the source instead (the same pixels, {@link Warp#resizedCrop}), so a panorama costs its
     * views, not its resized self.
     */
    static final long MAX_RESIZED_PIXELS = 16_000_000L;
    /** Views are cut from images at most this many times longer than wide: beyond, crop first. */
    public static final int MAX_ASPECT_RATIO = 64;

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

    /**
     * Cuts the views from the image: resizing it once per scale, or, where the resized image would
     * be larger than {@link #MAX_RESIZED_PIXELS}, resampling each view from its box of the source.
     */
    public static List<BufferedImage> apply(BufferedImage image, List<View> views) {
        Map<Integer, BufferedImage> resized = new HashMap<>();
        List<BufferedImage> out = new ArrayList<>(views.size());
        for (View view : views) {
            int[] size = resized(image.getWidth(), image.getHeight(), view.scale());
            BufferedImage crop;
            if ((long) size[0] * size[1] <= MAX_RESIZED_PIXELS) {
                BufferedImage scaled = resized.computeIfAbsent(view.scale(), s -> ImageOps.resizeShortSide(image, s));
                crop = Warp.crop(scaled, view.x(), view.y(), view.size(), view.size());
            } else {
                double sx = (double) image.getWidth() / size[0];
                double sy = (double) image.getHeight() / size[1];
                crop = Warp.resizedCrop(image, view.x() * sx, view.y() * sy, view.size() * sx, view.size() * sy,
                        view.size(), view.size());
            }
            out.add(view.mirrored() ? Warp.flipHorizontal(crop) : crop);
        }
        return out;
    }

    /** The {width, height} of a {@code width} x {@code height} image resized to short side {@code scale}. */
    private static int[] resized(int width, int height, int scale) {
        double aspect = (double) Math.max(width, height) / Math.min(width, height);
        if (aspect > MAX_ASPECT_RATIO) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE, ("the %dx%d image is %.0f times "
                    + "longer than it is wide, more than the %d that views are cut from; crop it first, or use "
                    + "tta=dense").formatted(width, height, aspect, MAX_ASPECT_RATIO));
        }
        return ImageOps.shortSideSize(width, height, scale);
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
