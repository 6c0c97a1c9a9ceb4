package io.tenfold.augment;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Transforms in sequence. Each child samples for the size the previous ones produce, from its own
 * generator ({@link Seeds#child}), so a child that draws more or less never shifts the others.
 */
public record Compose(List<RandomTransform<?>> transforms) implements RandomTransform<Compose.Params> {

    /** One sampled step per child, in order. */
    public record Params(List<Sampled<?>> steps) {
        public Params {
            steps = List.copyOf(steps);
        }
    }

    public Compose {
        Checks.notNull("transforms", transforms);
        for (int i = 0; i < transforms.size(); i++) {
            Checks.notNull("transforms[" + i + "]", transforms.get(i));
        }
        transforms = List.copyOf(transforms);
    }

    public static Compose of(RandomTransform<?>... transforms) {
        return new Compose(List.of(transforms));
    }

    @Override
    public Params sample(ImageInfo input, RandomGenerator rng) {
        List<Sampled<?>> steps = new ArrayList<>(transforms.size());
        ImageInfo info = input;
        for (RandomTransform<?> t : transforms) {
            Sampled<?> step = t.sampled(info, Seeds.child(rng));
            steps.add(step);
            info = step.outputInfo(info);
        }
        return new Params(steps);
    }

    @Override
    public BufferedImage apply(BufferedImage image, Params params) {
        check(params);
        BufferedImage out = image;
        for (Sampled<?> step : params.steps()) {
            out = step.apply(out);
        }
        return out;
    }

    @Override
    public ImageInfo outputInfo(ImageInfo input, Params params) {
        check(params);
        ImageInfo info = input;
        for (Sampled<?> step : params.steps()) {
            info = step.outputInfo(info);
        }
        return info;
    }

    private void check(Params params) {
        List<Sampled<?>> steps = params.steps();
        if (steps.size() != transforms.size()) {
            throw new IllegalArgumentException("params have %d steps; this Compose has %d transforms"
                    .formatted(steps.size(), transforms.size()));
        }
        for (int i = 0; i < steps.size(); i++) {
            if (!steps.get(i).transform().equals(transforms.get(i))) {
                throw new IllegalArgumentException("step " + i + " was sampled by another transform: " + steps.get(i).transform());
            }
        }
    }
}
