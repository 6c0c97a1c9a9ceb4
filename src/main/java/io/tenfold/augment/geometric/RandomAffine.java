package io.tenfold.augment.geometric;

import io.tenfold.augment.Checks;
import io.tenfold.augment.ImageInfo;
import io.tenfold.augment.Range;
import io.tenfold.augment.RandomTransform;
import io.tenfold.image.Warp;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/**
 * Rotation, translation, scale, stretch and shear about the image centre in one bilinear pass, the
 * image keeping its size; uncovered pixels get {@code fill}. Following torchvision's
 * {@code RandomAffine}: the angle (degrees, positive = counter-clockwise on screen) is uniform in
 * {@code degrees}; the shift is uniform in +-{@code translateX} of the width and +-{@code translateY}
 * of the height, rounded to whole pixels; the scale is uniform in {@code scale}; the x-shear angle
 * (degrees) is uniform in {@code shear}. Stretch changes the aspect: a ratio a drawn log-uniformly
 * from {@code stretch} scales x by sqrt(a) and y by 1/sqrt(a). Every range defaults to the identity.
 * JSON: {@code {"type": "affine", "degrees": 10, "translate": 0.1, "scale": [0.9, 1.1],
 * "stretch": [0.8, 1.25], "shear": 5, "fill": [0, 0, 0]}}.
 */
public record RandomAffine(Range degrees, double translateX, double translateY, Range scale, Range stretch, Range shear,
        int fill) implements RandomTransform<RandomAffine.Params> {

    /** The drawn angle and shear (degrees), shift (pixels) and scale per axis. */
    public record Params(double angle, int translateX, int translateY, double scaleX, double scaleY, double shear) {

        /** Source to destination, about the centre of a {@code width x height} image. */
        public AffineTransform matrix(int width, int height) {
            double cx = width / 2.0;
            double cy = height / 2.0;
            AffineTransform m = new AffineTransform();
            m.translate(cx + translateX, cy + translateY);
            m.rotate(-Math.toRadians(angle));
            m.shear(Math.tan(Math.toRadians(shear)), 0);
            m.scale(scaleX, scaleY);
            m.translate(-cx, -cy);
            return m;
        }
    }

    public static final RandomAffine IDENTITY = builder().build();

    public RandomAffine {
        Checks.within("degrees", Checks.notNull("degrees", degrees), -180, 180);
        Checks.within("translate", translateX, 0, 1);
        Checks.within("translate", translateY, 0, 1);
        Checks.within("scale", Checks.positive("scale", Checks.notNull("scale", scale)), 0, 10);
        Checks.within("stretch", Checks.positive("stretch", Checks.notNull("stretch", stretch)), 0.1, 10);
        Checks.within("shear", Checks.notNull("shear", shear), -80, 80);
        Checks.rgb("fill", fill);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.degrees = degrees;
        b.translateX = translateX;
        b.translateY = translateY;
        b.scale = scale;
        b.stretch = stretch;
        b.shear = shear;
        b.fill = fill;
        return b;
    }

    @Override
    public Params sample(ImageInfo input, RandomGenerator rng) {
        double angle = degrees.uniform(rng);
        int tx = (int) Math.round(Range.symmetric(translateX * input.width()).uniform(rng));
        int ty = (int) Math.round(Range.symmetric(translateY * input.height()).uniform(rng));
        double s = scale.uniform(rng);
        double aspect = stretch.logUniform(rng);
        double shearAngle = shear.uniform(rng);
        double root = Math.sqrt(aspect);
        return new Params(angle, tx, ty, s * root, s / root, shearAngle);
    }

    @Override
    public BufferedImage apply(BufferedImage image, Params params) {
        return Warp.affine(image, params.matrix(image.getWidth(), image.getHeight()), fill);
    }

    /** All optional; unset ranges are the identity, fill is black. */
    public static final class Builder {
        private Range degrees = Range.constant(0);
        private double translateX;
        private double translateY;
        private Range scale = Range.constant(1);
        private Range stretch = Range.constant(1);
        private Range shear = Range.constant(0);
        private int fill;

        private Builder() {
        }

        /** Angle in [-degrees, degrees]. */
        public Builder optDegrees(double degrees) {
            return optDegrees(Range.symmetric(degrees));
        }

        public Builder optDegrees(Range degrees) {
            this.degrees = degrees;
            return this;
        }

        /** The same fraction of width and height. */
        public Builder optTranslate(double fraction) {
            return optTranslate(fraction, fraction);
        }

        public Builder optTranslate(double fractionOfWidth, double fractionOfHeight) {
            this.translateX = fractionOfWidth;
            this.translateY = fractionOfHeight;
            return this;
        }

        public Builder optScale(Range scale) {
            this.scale = scale;
            return this;
        }

        public Builder optStretch(Range aspect) {
            this.stretch = aspect;
            return this;
        }

        /** X-shear angle in [-degrees, degrees]. */
        public Builder optShear(double degrees) {
            return optShear(Range.symmetric(degrees));
        }

        public Builder optShear(Range degrees) {
            this.shear = degrees;
            return this;
        }

        public Builder optFill(int rgb) {
            this.fill = rgb;
            return this;
        }

        public RandomAffine build() {
            return new RandomAffine(degrees, translateX, translateY, scale, stretch, shear, fill);
        }
    }
}
