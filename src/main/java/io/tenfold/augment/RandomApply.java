package io.tenfold.augment;

import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** Applies {@code transform} with probability {@code p}, else passes the image through. */
public record RandomApply<P>(double p, RandomTransform<P> transform) implements RandomTransform<RandomApply.Params<P>> {

    /** The inner params, or null when the coin said no. */
    public record Params<P>(P inner) {

        public static <P> Params<P> skipped() {
            return new Params<>(null);
        }

        public boolean applied() {
            return inner != null;
        }
    }

    public RandomApply {
        Checks.probability("p", p);
        Checks.notNull("transform", transform);
    }

    @Override
    public Params<P> sample(ImageInfo input, RandomGenerator rng) {
        boolean applied = rng.nextDouble() < p;
        RandomGenerator child = Seeds.child(rng);
        return applied ? new Params<>(Objects.requireNonNull(transform.sample(input, child))) : Params.skipped();
    }

    @Override
    public BufferedImage apply(BufferedImage image, Params<P> params) {
        return params.applied() ? transform.apply(image, params.inner()) : image;
    }

    @Override
    public ImageInfo outputInfo(ImageInfo input, Params<P> params) {
        return params.applied() ? transform.outputInfo(input, params.inner()) : input;
    }
}
