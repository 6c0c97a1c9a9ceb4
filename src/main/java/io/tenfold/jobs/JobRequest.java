package io.tenfold.jobs;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tenfold.jobs.JobSpec;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

@Schema(description = "A fine-tuning job; every field but datasetId has a default.")
record JobRequest(
        @NotBlank @Size(max = 64) @Schema(example = "0b1c6c1e-5d1f-4a57-9d0e-2f5f6a7b8c9d") String datasetId,
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
        @Schema(description = "Models trained under one name are its versions; default: the dataset's name",
                example = "shoes") String modelName,
        @Schema(defaultValue = "mobilenetv2",
                description = "mobilenetv2 (pretrained), or scratch-vgg / scratch-resnet (32x32, random weights)")
        @Size(max = 64) String baseModel,
        @Schema(description = "How much of the base model trains: a name (feature-extractor, fine-tune, full, "
                + "auto) or an object with the name and its parameters. fine-tune takes unfreezeBlocks (1 to the "
                + "base model's block count; default 3) and learningRateMultipliers (head, top, deeper: "
                + "non-negative factors of learningRate for the new head, the upper half of the unfrozen blocks "
                + "and the rest); full takes learningRateMultipliers; auto picks one from the training images "
                + "per class, and the job records the decision and why. Default: feature-extractor, or full for "
                + "a base model without pretrained weights.",
                oneOf = {String.class, StrategyObject.class}, example = "fine-tune") JsonNode strategy,
        @Min(1) @Max(1000) @Schema(defaultValue = "5") Integer epochs,
        @Min(1) @Max(1024) @Schema(defaultValue = "16") Integer batchSize,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") @Schema(defaultValue = "0.001")
        Double learningRate,
        @Schema(defaultValue = "42") Long seed,
        @DecimalMin("0") @DecimalMax(value = "0.5") @Schema(defaultValue = "0.2") Double validationFraction,
        @Schema(description = "What training does to each image: a preset (none, light, default, heavy) or a "
                + "policy document {\"version\": 1, \"inputSize\": <the base model's>, \"transforms\": [...]} "
                + "(docs/augmentation.md). Default none: every epoch sees the evaluation view.",
                oneOf = {String.class, PolicyDocument.class}, defaultValue = "none", example = "light")
        JsonNode augmentation,
        @Min(JobSpec.MIN_VIEWS) @Max(JobSpec.MAX_VIEWS)
        @Schema(description = "With a frozen backbone (feature-extractor, fine-tune), augmented views of each "
                + "training image made and featurized once, epoch e training on view (e - 1) mod views. Without "
                + "one (full), every epoch augments afresh and this is unused. Default 4 when augmenting, else 1.",
                example = "4") Integer augmentedViews,
        @Min(0) @Max(1000)
        @Schema(description = "Stop after this many epochs without a lower validation loss; 0 never stops early. "
                + "The model keeps the parameters of the epoch with the lowest validation loss either way.",
                defaultValue = "0", example = "3") Integer patience) {

    /** Documents the object form of {@code strategy}; requests are read as JSON, then by the strategy reader. */
    @Schema(name = "StrategyObject", description = "A strategy with its parameters; absent ones take their defaults")
    record StrategyObject(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"feature-extractor", "fine-tune",
                    "full", "auto"}, example = "fine-tune") String name,
            @Schema(description = "fine-tune only: the top blocks to train, 1 to the base model's block count",
                    example = "4") Integer unfreezeBlocks,
            @Schema(description = "fine-tune and full: factors of learningRate", example =
                    "{\"head\": 1, \"top\": 0.1, \"deeper\": 0.01}") Map<String, Double> learningRateMultipliers) {
    }

    /** Documents the object form of {@code augmentation}; the policy reader checks it (docs/augmentation.md). */
    @Schema(name = "AugmentationPolicyDocument", description = "A versioned augmentation policy")
    record PolicyDocument(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "1") Integer version,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the base model's input size",
                    example = "224") Integer inputSize,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "transforms applied in order, "
                    + "each an object with a type (hflip, scale-crop, random-resized-crop, color-jitter, "
                    + "pca-color, affine, lens, compose, random-apply, one-of) and its parameters")
            java.util.List<Map<String, Object>> transforms) {
    }

    JobSpec toSpec() {
        JsonNode aug = augmentation == null || augmentation.isNull()
                ? JsonNodeFactory.instance.stringNode(JobSpec.NO_AUGMENTATION)
                : augmentation;
        boolean none = aug.isString() && aug.stringValue().equals(JobSpec.NO_AUGMENTATION);
        return new JobSpec(
                datasetId,
                modelName,
                baseModel == null ? "mobilenetv2" : baseModel,
                strategy == null || strategy.isNull() ? null : strategy,
                epochs == null ? 5 : epochs,
                batchSize == null ? 16 : batchSize,
                learningRate == null ? 1e-3 : learningRate,
                seed == null ? 42L : seed,
                validationFraction == null ? 0.2 : validationFraction,
                aug,
                augmentedViews != null ? augmentedViews : none ? 1 : JobSpec.DEFAULT_VIEWS,
                patience == null ? 0 : patience);
    }
}
