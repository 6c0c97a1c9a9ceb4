package io.tenfold.training;

import io.tenfold.augment.AugmentationPolicy;
import java.util.Optional;

/**
 * Whether and how training images are augmented, and with it whether a frozen part's features can
 * be computed once: {@link #forTraining} is the one place that decides between caching features
 * and augmenting every epoch.
 */
public sealed interface Augmentation {

    /** Every epoch sees the evaluation view (short side resized, centre crop). */
    record None() implements Augmentation {
    }

    /** A fresh augmentation of every image in every epoch (the sample of epoch e uses round e). */
    record EachEpoch(AugmentationPolicy policy) implements Augmentation {
    }

    /**
     * {@code views} augmentations of every image, made once (view v uses round v + 1, so with
     * views >= epochs this equals {@link EachEpoch}); epoch e trains on view (e - 1) mod views.
     * With a frozen boundary the views are featurized once, which is what makes them cheap.
     */
    record CachedViews(AugmentationPolicy policy, int views) implements Augmentation {

        public CachedViews {
            if (views < 1) {
                throw new IllegalArgumentException("views must be at least 1");
            }
        }
    }

    static Augmentation none() {
        return new None();
    }

    /**
     * How a job trains under {@code policy}: not at all augmented if the policy changes nothing;
     * with a frozen part, {@code views} augmented views cached through it once (a fresh
     * augmentation every epoch would run the frozen part every epoch, the cost caching avoids);
     * without one, a fresh augmentation every epoch, since every epoch runs the whole network anyway.
     */
    static Augmentation forTraining(AugmentationPolicy policy, boolean frozenPart, int views) {
        if (!policy.augments()) {
            return none();
        }
        return frozenPart ? new CachedViews(policy, views) : new EachEpoch(policy);
    }

    /** Whether each image's training views are fixed, so that a frozen part's features of them can be reused. */
    default boolean fixedViews() {
        return !(this instanceof EachEpoch);
    }

    /** The views of each image a feature cache holds under this augmentation. */
    default int cachedViews() {
        return this instanceof CachedViews cached ? cached.views() : 1;
    }

    /** The policy, unless nothing is augmented. */
    default Optional<AugmentationPolicy> augmentingPolicy() {
        if (this instanceof EachEpoch each) {
            return Optional.of(each.policy());
        }
        return this instanceof CachedViews cached ? Optional.of(cached.policy()) : Optional.empty();
    }
}
