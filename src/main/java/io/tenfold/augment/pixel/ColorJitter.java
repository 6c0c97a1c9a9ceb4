package io.tenfold.augment.pixel;

import io.tenfold.augment.Checks;
import io.tenfold.augment.ImageInfo;
import io.tenfold.augment.RandomTransform;
import io.tenfold.image.ColorOps;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code ColorJitter} without hue: brightness, contrast and saturation factors drawn
 * uniformly from [max(0, 1 - x), 1 + x], applied in an order that is drawn too (a uniform
 * permutation, kept in the params). 0 leaves an operation out. JSON:
 * {@code {"type": "color-jitter", "brightness": 0.4, "contrast": 0.4, "saturation": 0.4}}.
 */
public record ColorJitter(double brightness, double contrast, double saturation)
        implements RandomTransform<ColorJitter.Params> {

    public enum Op {
        BRIGHTNESS, CONTRAST, SATURATION
    }

    /** The three factors (1 = unchanged) and the order they are applied in. */
    public record Params(double brightness, double contrast, double saturation, List<Op> order) {

        public Params {
            order = List.copyOf(order);
            if (order.size() != 3 || order.stream().distinct().count() != 3) {
                throw new IllegalArgumentException("order must be a permutation of " + List.of(Op.values()));
            }
        }

        public static Params identity() {
            return new Params(1, 1, 1, List.of(Op.values()));
        }
    }

    public ColorJitter {
        Checks.within("brightness", brightness, 0, 10);
        Checks.within("contrast", contrast, 0, 10);
        Checks.within("saturation", saturation, 0, 10);
    }

    @Override
    public Params sample(ImageInfo input, RandomGenerator rng) {
        double b = factor(brightness, rng);
        double c = factor(contrast, rng);
        double s = factor(saturation, rng);
        List<Op> order = new ArrayList<>(List.of(Op.values()));
        for (int i = order.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            order.set(i, order.set(j, order.get(i)));
        }
        return new Params(b, c, s, order);
    }

    @Override
    public BufferedImage apply(BufferedImage image, Params params) {
        BufferedImage out = image;
        for (Op op : params.order()) {
            out = switch (op) {
                case BRIGHTNESS -> ColorOps.adjustBrightness(out, params.brightness());
                case CONTRAST -> ColorOps.adjustContrast(out, params.contrast());
                case SATURATION -> ColorOps.adjustSaturation(out, params.saturation());
            };
        }
        return out;
    }

    private static double factor(double x, RandomGenerator rng) {
        return x == 0 ? 1 : Math.max(0, 1 - x) + (1 + x - Math.max(0, 1 - x)) * rng.nextDouble();
    }
}
