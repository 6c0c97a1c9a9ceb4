package io.tenfold.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tenfold.inference.Classification;
import io.tenfold.inference.ClassifierService;
import io.tenfold.models.ModelRepository;
import io.tenfold.models.TrainedModel;
import io.tenfold.system.InvalidRequestException;
import io.tenfold.system.NotFoundException;
import io.tenfold.tta.TtaPolicies;
import io.tenfold.tta.TtaPolicy;
import java.io.IOException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Trained models and classification with test-time augmentation")
class ModelController {

    private final ModelRepository models;
    private final ClassifierService classifier;

    ModelController(ModelRepository models, ClassifierService classifier) {
        this.models = models;
        this.classifier = classifier;
    }

    @GetMapping
    @Operation(summary = "List models, newest first")
    List<TrainedModel> list() {
        return models.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a model: labels, base model, strategy, per-epoch metrics")
    TrainedModel get(@PathVariable String id) {
        return models.find(id).orElseThrow(() -> new NotFoundException("model", id));
    }

    @PostMapping(path = "/{id}/classify", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Classify an image",
            description = "Runs every view of the TTA policy through the network as one batch and averages the "
                    + "softmax outputs. center: 1 view (resize, centre crop); ten-crop: the four corner crops, "
                    + "the centre crop and their mirrors.")
    Classification classify(@PathVariable String id, @RequestPart("image") MultipartFile image,
            @Parameter(description = "center or ten-crop") @RequestParam(defaultValue = "ten-crop") String tta,
            @RequestParam(defaultValue = "5") int topK) throws IOException {
        TtaPolicy policy;
        try {
            policy = TtaPolicies.byName(tta);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("tta", e.getMessage());
        }
        if (topK < 1 || topK > 1000) {
            throw new InvalidRequestException("topK", "must be between 1 and 1000");
        }
        if (image.isEmpty()) {
            throw new InvalidRequestException("image", "the upload is empty");
        }
        return classifier.classify(id, image.getBytes(), policy, topK);
    }
}
