package io.tenfold.training;

import io.tenfold.image.Preprocessing;
import java.util.List;

/**
 * How examples become network input for one graph: prepared (the evaluation view, or augmented as
 * the options say) and batched by a {@link BatchPipeline} off the training thread.
 */
record ImageInputs(Preprocessing preprocessing, int numClasses) {

    /** The evaluation view, as validation and serving see it. */
    ImagePreparation evaluation() {
        return new ImagePreparation.CentreCrop(preprocessing);
    }

    /** What training sees: the augmentation's policy seeded from the options, or the evaluation view. */
    ImagePreparation training(TrainingOptions options) {
        return options.augmentation().augmentingPolicy()
                .<ImagePreparation>map(policy -> new ImagePreparation.Augmented(policy, options.seed()))
                .orElseGet(this::evaluation);
    }

    BatchPipeline pipeline(List<Example> examples, ImagePreparation preparation, TrainingOptions options) {
        return new BatchPipeline(examples, preparation, preprocessing, numClasses, options.batchSize(),
                options.loader());
    }
}
