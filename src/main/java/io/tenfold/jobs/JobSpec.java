package io.tenfold.jobs;

import io.tenfold.augment.AugmentationPolicies;
import io.tenfold.augment.AugmentationPolicy;
import io.tenfold.transfer.BaseModel;
import io.tenfold.transfer.TransferStrategy;
import io.tenfold.transfer.TransferStrategyJson;
import io.tenfold.validation.InvalidFieldException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What a fine-tuning job was asked to do, with every default filled in. Specs stored before a field
 * existed read it as null, which means its old behaviour: no augmentation, one view, no early
 * stopping, and the strategy as a bare name.
 *
 * @param strategy       a strategy name or object ({@link TransferStrategyJson}); the service stores the
 *                       object form with every parameter written out
 * @param augmentation   a preset name ({@link AugmentationPolicies#NAMES}) or a policy document
 * @param augmentedViews augmented views of each training image cached when the bottom of the network
 *                       is frozen
 * @param patience       epochs without a lower validation loss before training stops (0: never)
 */
public record JobSpec(String datasetId, String modelName, String baseModel, JsonNode strategy, int epochs,
        int batchSize, double learningRate, long seed, double validationFraction, JsonNode augmentation,
        Integer augmentedViews, Integer patience) {

    public static final String NO_AUGMENTATION = "none";
    public static final int MIN_VIEWS = 1;
    public static final int MAX_VIEWS = 32;
    public static final int DEFAULT_VIEWS = 4;

    /** The same spec under another model name. */
    public JobSpec withModelName(String name) {
        return new JobSpec(datasetId, name, baseModel, strategy, epochs, batchSize, learningRate, seed,
                validationFraction, augmentation, augmentedViews, patience);
    }

    /** The same spec with strategy and augmentation as given (the canonical forms the service stores). */
    public JobSpec withTraining(JsonNode strategy, JsonNode augmentation) {
        return new JobSpec(datasetId, modelName, baseModel, strategy, epochs, batchSize, learningRate, seed,
                validationFraction, augmentation, augmentedViews, patience);
    }

    /**
     * The requested strategy for {@code model}, validated; absent, the feature extractor for a
     * pretrained model and full training for one that starts from random weights.
     *
     * @throws InvalidFieldException naming the field at fault
     */
    public TransferStrategy transferStrategy(BaseModel model) {
        if (strategy == null || strategy.isNull()) {
            return TransferStrategyJson.read(JsonNodeFactory.instance.stringNode(defaultStrategy(model)), model);
        }
        try {
            return TransferStrategyJson.read(strategy, model);
        } catch (InvalidFieldException e) {
            // A request that gave a bare name made the name the strategy field itself.
            throw strategy.isString() && e.field().equals("strategy.name") ? new InvalidFieldException("strategy",
                    e.problem()) : e;
        }
    }

    public static String defaultStrategy(BaseModel model) {
        return model.pretrained() ? TransferStrategy.FEATURE_EXTRACTOR : TransferStrategy.FULL;
    }

    /**
     * The augmentation policy at the base model's input size: a preset by name, or the policy
     * document, whose input size must be the model's.
     *
     * @throws InvalidFieldException naming the field under {@code augmentation}
     */
    public AugmentationPolicy augmentationPolicy(int inputSize) {
        try {
            return readAugmentation(inputSize);
        } catch (InvalidFieldException e) {
            throw e.within("augmentation");
        }
    }

    private AugmentationPolicy readAugmentation(int inputSize) {
        if (augmentation == null || augmentation.isNull()) {
            return AugmentationPolicies.none(inputSize);
        }
        AugmentationPolicy policy;
        if (augmentation.isString()) {
            policy = AugmentationPolicies.parse(augmentation.stringValue(), inputSize);
        } else if (augmentation.isObject()) {
            policy = AugmentationPolicy.fromJson(augmentation.toString());
        } else {
            throw new InvalidFieldException("", "must be a preset name (" + String.join(", ",
                    AugmentationPolicies.NAMES) + ") or a policy document object");
        }
        if (policy.inputSize() != inputSize) {
            throw new InvalidFieldException("inputSize", "is %d but the base model takes %dx%d images"
                    .formatted(policy.inputSize(), inputSize, inputSize));
        }
        return policy;
    }

    /** The cached views per image; 1 in specs stored before the field existed. */
    public int views() {
        return augmentedViews == null ? 1 : augmentedViews;
    }

    /** Early-stopping patience; 0 (off) in specs stored before the field existed. */
    public int patienceEpochs() {
        return patience == null ? 0 : patience;
    }
}
