package io.tenfold.transfer;

import io.tenfold.validation.Echo;
import io.tenfold.validation.InvalidFieldException;
import java.util.List;
import java.util.Objects;

/**
 * How much of a base model a job trains. Records with validated parameters; {@link #name()} is the
 * stable short name a job request uses. {@link TransferPlanner} turns a concrete strategy into a
 * trainable graph; {@link Auto} must first be resolved ({@link #resolve}) from the dataset's size.
 */
public sealed interface TransferStrategy {

    String FEATURE_EXTRACTOR = "feature-extractor";
    String FINE_TUNE = "fine-tune";
    String FULL = "full";
    String AUTO = "auto";
    List<String> NAMES = List.of(FEATURE_EXTRACTOR, FINE_TUNE, FULL, AUTO);

    String name();

    /**
     * Rejects what this strategy cannot do with {@code model} (unfreezing more blocks than it has,
     * freezing a network that has no pretrained weights), naming the request field at fault.
     */
    void validateFor(BaseModel model);

    /** The strategy to run: this one, or for {@link Auto} the one the dataset's size calls for. */
    default Decision resolve(BaseModel model, List<Integer> imagesPerClass) {
        validateFor(model);
        return new Decision(this, "requested: " + this);
    }

    /** The strategy called {@code name} with its default parameters for {@code model}. */
    static TransferStrategy named(String name, BaseModel model) {
        if (name == null) {
            throw new InvalidFieldException("strategy.name", "is required; known: " + String.join(", ", NAMES));
        }
        return switch (name) {
            case FEATURE_EXTRACTOR -> new FeatureExtractor();
            case FINE_TUNE -> new FineTune(Math.min(FineTune.DEFAULT_UNFREEZE_BLOCKS, model.blocks().size()),
                    LearningRateMultipliers.DEFAULT);
            case FULL -> Full.forModel(model);
            case AUTO -> new Auto();
            default -> throw new InvalidFieldException("strategy.name",
                    "unknown strategy '" + Echo.of(name) + "'; known: " + String.join(", ", NAMES));
        };
    }

    /** The chosen strategy and, in words, why. */
    record Decision(TransferStrategy strategy, String reason) {

        public Decision {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(reason, "reason");
            if (strategy instanceof Auto) {
                throw new IllegalArgumentException("a decision names a concrete strategy, not auto");
            }
        }
    }

    /** Freeze the whole backbone; train only a new head on its features. */
    record FeatureExtractor() implements TransferStrategy {

        @Override
        public String name() {
            return FEATURE_EXTRACTOR;
        }

        @Override
        public void validateFor(BaseModel model) {
            requirePretrained(this, model);
        }

        @Override
        public String toString() {
            return FEATURE_EXTRACTOR;
        }
    }

    /**
     * Train the new head and the top {@code unfreezeBlocks} blocks of the backbone at
     * discriminative learning rates; the blocks below stay frozen.
     */
    record FineTune(int unfreezeBlocks, LearningRateMultipliers learningRateMultipliers) implements TransferStrategy {

        /** Enough to adapt the most task-specific features; deeper changes need more data. */
        public static final int DEFAULT_UNFREEZE_BLOCKS = 3;

        public FineTune {
            if (unfreezeBlocks < 1) {
                throw new InvalidFieldException("strategy.unfreezeBlocks",
                        "must be at least 1 (0 blocks is the feature-extractor strategy), got " + unfreezeBlocks);
            }
            if (learningRateMultipliers == null) {
                learningRateMultipliers = LearningRateMultipliers.DEFAULT;
            }
        }

        @Override
        public String name() {
            return FINE_TUNE;
        }

        @Override
        public void validateFor(BaseModel model) {
            requirePretrained(this, model);
            int blocks = model.blocks().size();
            if (unfreezeBlocks > blocks) {
                throw new InvalidFieldException("strategy.unfreezeBlocks", "cannot unfreeze " + unfreezeBlocks
                        + " blocks: " + model.name() + " has " + blocks + " (use 'full' to train every layer)");
            }
        }

        @Override
        public String toString() {
            return FINE_TUNE + " (top " + unfreezeBlocks + " blocks, " + learningRateMultipliers + ")";
        }
    }

    /** Train every layer; the backbone's blocks at the discriminative rates of the multipliers. */
    record Full(LearningRateMultipliers learningRateMultipliers) implements TransferStrategy {

        public Full {
            if (learningRateMultipliers == null) {
                learningRateMultipliers = LearningRateMultipliers.DEFAULT;
            }
        }

        /** Discriminative rates for pretrained weights, one rate for random ones. */
        public static Full forModel(BaseModel model) {
            return new Full(model.pretrained() ? LearningRateMultipliers.DEFAULT : LearningRateMultipliers.UNIFORM);
        }

        @Override
        public String name() {
            return FULL;
        }

        @Override
        public void validateFor(BaseModel model) {
        }

        @Override
        public String toString() {
            return FULL + " (" + learningRateMultipliers + ")";
        }
    }

    /** Choose among the others from the number of training images per class ({@link AutoStrategy}). */
    record Auto() implements TransferStrategy {

        @Override
        public String name() {
            return AUTO;
        }

        @Override
        public void validateFor(BaseModel model) {
        }

        @Override
        public Decision resolve(BaseModel model, List<Integer> imagesPerClass) {
            return AutoStrategy.decide(model, imagesPerClass);
        }

        @Override
        public String toString() {
            return AUTO;
        }
    }

    private static void requirePretrained(TransferStrategy strategy, BaseModel model) {
        if (!model.pretrained()) {
            throw new InvalidFieldException("strategy.name", "'" + strategy.name() + "' freezes layers, but "
                    + model.name() + " starts from random weights; use 'full' or 'auto'");
        }
    }
}
