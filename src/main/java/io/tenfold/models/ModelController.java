package io.tenfold.models;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tenfold.models.ModelArtifacts;
import io.tenfold.models.ModelService;
import io.tenfold.models.TrainedModel;
import io.tenfold.system.PageResponse;
import io.tenfold.system.Paging;
import io.tenfold.system.ServesApi;
import java.io.IOException;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@ServesApi
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Trained models, their versions and aliases, and classification with "
        + "test-time augmentation. Wherever a path takes {ref}, it is a model id or name@alias.")
class ModelController {

    private final ModelService models;
    private final ModelArtifacts artifacts;

    ModelController(ModelService models, ModelArtifacts artifacts) {
        this.models = models;
        this.artifacts = artifacts;
    }

    @GetMapping
    @Operation(summary = "List models, newest first; with name=, the versions of one model")
    PageResponse<TrainedModel> list(@RequestParam(required = false) String name,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        Paging.check(page, size);
        ModelService.Page result = models.page(name, page, size);
        return new PageResponse<>(result.items(), page, size, result.total());
    }

    @GetMapping("/{ref}")
    @Operation(summary = "Get a model: name, version, aliases, labels, base model, strategy, per-epoch metrics")
    TrainedModel get(@PathVariable String ref) {
        return models.resolve(ref);
    }

    @DeleteMapping("/{ref}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a model", description = "409 while an alias points at it.")
    void delete(@PathVariable String ref) throws IOException {
        models.delete(ref);
    }

    @PutMapping("/{ref}/aliases/{alias}")
    @Operation(summary = "Point an alias of the model's name at this version",
            description = "Moves the alias if another version held it: clients classifying against "
                    + "name@alias switch to this version with no change on their side.")
    TrainedModel setAlias(@PathVariable String ref, @PathVariable String alias) {
        return models.setAlias(ref, alias);
    }

    @DeleteMapping("/{ref}/aliases/{alias}")
    @Operation(summary = "Remove an alias from this version")
    TrainedModel removeAlias(@PathVariable String ref, @PathVariable String alias) {
        return models.removeAlias(ref, alias);
    }

    @GetMapping(path = "/{ref}/download", produces = "application/zip")
    @Operation(summary = "Download the trained network",
            description = "Deeplearning4j's ComputationGraph format (ModelSerializer), without optimiser state.")
    ResponseEntity<InputStreamResource> download(@PathVariable String ref) throws IOException {
        TrainedModel model = models.resolve(ref);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("%s-v%d.zip".formatted(model.name(), model.version())).build().toString())
                .contentType(MediaType.parseMediaType("application/zip"))
                .body(new InputStreamResource(artifacts.openNetwork(model.id())));
    }
}
