package io.tenfold.transfer;

import io.tenfold.transfer.TransferStrategy.Decision;
import io.tenfold.transfer.TransferStrategy.FeatureExtractor;
import io.tenfold.transfer.TransferStrategy.FineTune;
import io.tenfold.transfer.TransferStrategy.Full;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The usual rule for how much of a pretrained network to train, from the number of training
 * images per class (the median over classes, so one small class does not decide for all):
 * <ul>
 *   <li>fewer than {@value #FINE_TUNE_FROM}: feature extractor. With so few examples, adapting
 *       pretrained weights overfits; a linear classifier on the frozen features is the
 *       recommended choice (CS231n, "Transfer Learning": "new dataset is small ... it is not a good
 *       idea to fine-tune the ConvNet due to overfitting concerns ... train a linear classifier on
 *       the CNN codes").</li>
 *   <li>{@value #FINE_TUNE_FROM} to {@value #FULL_FROM}: fine-tune the top blocks (fine-tune's
 *       default count). The top layers are the task-specific ones, the lower ones general
 *       (Yosinski et al., "How transferable are features in deep neural networks?", NIPS 2014), so
 *       they are the ones worth adapting first, at reduced learning rates (CS231n: "use a smaller
 *       learning rate for ConvNet weights that are being fine-tuned"). CS231n would keep the
 *       backbone frozen for small data <em>similar</em> to the original; for data unlike it, as
 *       Fashion-MNIST is unlike ImageNet, it advises adapting deeper, and the accuracy table
 *       (BENCHMARKS.md, issue 5) bears that out already at 10 images per class: fine-tuning the top
 *       3 blocks gave 64.3% top-1 against 59.6% for the feature extractor. The rule cannot tell
 *       similar from dissimilar data, so it takes the choice that was better where measured.</li>
 *   <li>{@value #FULL_FROM} or more: train every layer. Yosinski et al. fine-tuned all layers on
 *       targets of about 1300 images per class and it improved generalisation over frozen transfer;
 *       CS231n: "new dataset is large ... we can fine-tune through the full network".</li>
 * </ul>
 * The sources give the shape of the rule, not the numbers: the thresholds are orders of magnitude,
 * chosen where frozen features stopped gaining from more data in the accuracy benchmarks
 * (BENCHMARKS.md, docs/training.md). Networks without pretrained weights are always trained whole.
 */
public final class AutoStrategy {

    /** Median training images per class from which the top blocks are fine-tuned. */
    public static final int FINE_TUNE_FROM = 10;

    /** Median training images per class from which every layer is trained. */
    public static final int FULL_FROM = 1000;

    private AutoStrategy() {
    }

    /** Decides for {@code model} given the training images of each class. */
    public static Decision decide(BaseModel model, List<Integer> imagesPerClass) {
        if (imagesPerClass == null || imagesPerClass.isEmpty()) {
            throw new IllegalArgumentException("auto needs the number of images of each class");
        }
        List<Integer> sorted = new ArrayList<>(imagesPerClass);
        Collections.sort(sorted);
        int smallest = sorted.get(0);
        if (smallest < 0) {
            throw new IllegalArgumentException("a class cannot have " + smallest + " images");
        }
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        String counts = "median %s training images per class (smallest class %d, %d classes)"
                .formatted(format(median), smallest, n);

        if (!model.pretrained()) {
            return new Decision(Full.forModel(model), model.name()
                    + " has no pretrained weights, so every layer trains (" + counts + ")");
        }
        if (median < FINE_TUNE_FROM) {
            return new Decision(new FeatureExtractor(), counts + " is below " + FINE_TUNE_FROM
                    + ": too few to adapt pretrained convolutions without overfitting, so only a new head"
                    + " trains on the frozen backbone (CS231n transfer-learning notes: small dataset)");
        }
        if (median < FULL_FROM) {
            int blocks = model.blocks().size();
            FineTune fineTune = (FineTune) TransferStrategy.named(TransferStrategy.FINE_TUNE, model);
            return new Decision(fineTune, counts + " is between " + FINE_TUNE_FROM + " and " + FULL_FROM
                    + ": the top " + fineTune.unfreezeBlocks() + " of " + blocks
                    + " blocks (the task-specific ones, Yosinski et al. 2014) are fine-tuned at reduced rates,"
                    + " the rest stay frozen");
        }
        return new Decision(Full.forModel(model), counts + " is at least " + FULL_FROM
                + ": enough to fine-tune the whole network without overfitting (Yosinski et al. 2014;"
                + " CS231n: large dataset)");
    }

    private static String format(double median) {
        return median == Math.rint(median) ? Long.toString((long) median) : Double.toString(median);
    }
}
