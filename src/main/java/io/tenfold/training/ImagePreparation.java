package io.tenfold.training;

import io.tenfold.augment.AugmentationPolicy;
import io.tenfold.image.Preprocessing;
import java.awt.image.BufferedImage;

/**
 * Turns a decoded image into the network's input-sized image for sample {@code index} in augmentation
 * round {@code round}. Depends on nothing else, so any thread may prepare any sample.
 */
public sealed interface ImagePreparation {

    BufferedImage prepare(BufferedImage image, long round, int index);

    int inputSize();

    /** The model's {@linkplain Preprocessing#evaluationView evaluation view}, what validation and serving see. */
    record CentreCrop(Preprocessing preprocessing) implements ImagePreparation {

        @Override
        public BufferedImage prepare(BufferedImage image, long round, int index) {
            return preprocessing.evaluationView(image);
        }

        @Override
        public int inputSize() {
            return preprocessing.inputSize();
        }
    }

    /** The policy's augmentation seeded from (seed, round, index). */
    record Augmented(AugmentationPolicy policy, long seed) implements ImagePreparation {

        @Override
        public BufferedImage prepare(BufferedImage image, long round, int index) {
            return policy.augment(image, seed, round, index);
        }

        @Override
        public int inputSize() {
            return policy.inputSize();
        }
    }
}
