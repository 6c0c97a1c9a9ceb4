package io.tenfold.augment;

import io.tenfold.validation.InvalidFieldException;
import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/** Applies exactly one of {@code transforms}, chosen with probability proportional to its weight. */
public record OneOf(List<RandomTransform<?>> transforms, List<Double> weights) implements RandomTransform<OneOf.Params> {

    /** The chosen transform's index and its sampled step. */
    public record Params(int index, Sampled<?> chosen) {
    }

    public OneOf {
        Checks.notNull("transforms", transforms);
        Checks.notNull("weights", weights);
        if (transforms.isEmpty()) {
            throw new InvalidFieldException("transforms", "must hold at least one transform");
        }
        for (int i = 0; i < transforms.size(); i++) {
            Checks.notNull("transforms[" + i + "]", transforms.get(i));
        }
        if (weights.size() != transforms.size()) {
            throw new InvalidFieldException("weights",
                    "must have one weight per transform (%d), had %d".formatted(transforms.size(), weights.size()));
        }
        double total = 0;
        for (int i = 0; i < weights.size(); i++) {
            total += Checks.atLeast("weights[" + i + "]", Checks.notNull("weights[" + i + "]", weights.get(i)), 0);
        }
        if (!(total > 0)) {
            throw new InvalidFieldException("weights", "must not all be 0");
        }
        transforms = List.copyOf(transforms);
        weights = List.copyOf(weights);
    }

    /** Equal weights. */
    public OneOf(List<RandomTransform<?>> transforms) {
        this(transforms, Collections.nCopies(transforms == null ? 0 : transforms.size(), 1.0));
    }

    public boolean uniform() {
        return weights.stream().allMatch(w -> w == 1.0);
    }

    @Override
    public Params sample(ImageInfo input, RandomGenerator rng) {
        double total = weights.stream().mapToDouble(Double::doubleValue).sum();
        double u = rng.nextDouble() * total;
        int index = weights.size() - 1;
        double cumulative = 0;
        for (int i = 0; i < weights.size(); i++) {
            cumulative += weights.get(i);
            if (u < cumulative) {
                index = i;
                break;
            }
        }
        while (weights.get(index) == 0) {
            index--; // u landed at the very top of the range; take the last transform that can be chosen
        }
        return new Params(index, transforms.get(index).sampled(input, Seeds.child(rng)));
    }

    @Override
    public BufferedImage apply(BufferedImage image, Params params) {
        return checked(params).apply(image);
    }

    @Override
    public ImageInfo outputInfo(ImageInfo input, Params params) {
        return checked(params).outputInfo(input);
    }

    private Sampled<?> checked(Params params) {
        if (params.index() < 0 || params.index() >= transforms.size()
                || !transforms.get(params.index()).equals(params.chosen().transform())) {
            throw new IllegalArgumentException("params were not sampled by this OneOf: " + params);
        }
        return params.chosen();
    }
}
