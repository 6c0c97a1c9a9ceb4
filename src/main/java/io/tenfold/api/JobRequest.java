package io.tenfold.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tenfold.jobs.JobSpec;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

@Schema(description = "A fine-tuning job; every field but datasetId has a default.")
record JobRequest(
        @NotBlank @Schema(example = "0b1c6c1e-5d1f-4a57-9d0e-2f5f6a7b8c9d") String datasetId,
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
        @Schema(description = "Models trained under one name are its versions; default: the dataset's name",
                example = "shoes") String modelName,
        @Schema(defaultValue = "mobilenetv2") String baseModel,
        @Schema(defaultValue = "feature-extractor") String strategy,
        @Min(1) @Max(1000) @Schema(defaultValue = "5") Integer epochs,
        @Min(1) @Max(1024) @Schema(defaultValue = "16") Integer batchSize,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") @Schema(defaultValue = "0.001")
        Double learningRate,
        @Schema(defaultValue = "42") Long seed,
        @DecimalMin("0") @DecimalMax(value = "0.5") @Schema(defaultValue = "0.2") Double validationFraction) {

    JobSpec toSpec() {
        return new JobSpec(
                datasetId,
                modelName,
                baseModel == null ? "mobilenetv2" : baseModel,
                strategy == null ? "feature-extractor" : strategy,
                epochs == null ? 5 : epochs,
                batchSize == null ? 16 : batchSize,
                learningRate == null ? 1e-3 : learningRate,
                seed == null ? 42L : seed,
                validationFraction == null ? 0.2 : validationFraction);
    }
}
