package io.tenfold.dataset;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tenfold.augment.AugmentationPolicies;
import io.tenfold.augment.AugmentationPolicy;
import io.tenfold.augment.AugmentationPreview;
import io.tenfold.augment.pixel.RgbEigen;
import io.tenfold.dataset.DatasetManifest;
import io.tenfold.dataset.DatasetService;
import io.tenfold.system.ServesApi;
import io.tenfold.validation.InvalidFieldException;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@ServesApi
@Tag(name = "Datasets")
class AugmentationPreviewController {

    static final int MAX_SAMPLES = 64;

    private final DatasetService datasets;

    AugmentationPreviewController(DatasetService datasets) {
        this.datasets = datasets;
    }

    @GetMapping(path = "/api/v1/datasets/{id}/augmentations/preview", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(summary = "See what an augmentation policy does to a dataset, before paying for training",
            description = "A PNG grid of n augmented samples, images taken from each class in turn, each first shrunk "
                    + "to at most twice the input size on its short side. The same seed gives the same grid. Needs the "
                    + "train scope: it shows training images.")
    byte[] preview(@PathVariable String id,
            @Parameter(description = "a preset (none, light, default, heavy) or a policy document in JSON")
            @RequestParam(defaultValue = "default") String policy,
            @RequestParam(defaultValue = "16") int n,
            @RequestParam(defaultValue = "224") int inputSize,
            @RequestParam(defaultValue = "0") long seed) throws IOException {
        if (n < 1 || n > MAX_SAMPLES) {
            throw new InvalidFieldException("n", "must be between 1 and " + MAX_SAMPLES);
        }
        AugmentationPolicy parsed = AugmentationPolicies.parse("policy", policy, inputSize);
        DatasetManifest dataset = datasets.liveManifest(id);
        RgbEigen eigen = dataset.pcaEigen();
        if (eigen != null) {
            parsed = parsed.withPcaEigen(eigen);
        }
        AugmentationPreview preview = new AugmentationPreview(parsed, seed);
        // Twice the input size keeps every crop of the presets as it would be, at a bounded cost.
        return preview.renderPng(datasets.sampleImages(dataset, n, 2 * parsed.inputSize()), n);
    }
}
