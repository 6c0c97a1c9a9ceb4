package io.tenfold.training;

import io.tenfold.augment.AugmentationPolicy;

/** Whether and how training images are augmented. */
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

    /** The views of each image a feature cache holds under this augmentation. */
    default int cachedViews() {
        return this instanceof CachedViews cached ? cached.views() : 1;
    }
}
