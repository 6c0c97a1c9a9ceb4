package io.tenfold.dataset;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tenfold.dataset.DatasetService;
import io.tenfold.system.PageResponse;
import io.tenfold.system.Paging;
import io.tenfold.system.ServesApi;
import io.tenfold.validation.InvalidFieldException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@ServesApi
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Labelled image sets in ImageFolder layout")
class DatasetController {

    private final DatasetService datasets;

    DatasetController(DatasetService datasets) {
        this.datasets = datasets;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Upload a dataset",
            description = "A zip with one folder per class and the images inside (optionally all under one top "
                    + "folder). Every image is decoded on upload; files that are not usable images are skipped "
                    + "and listed in the response.")
    DatasetResponse upload(@RequestPart("file") MultipartFile file,
            @RequestParam(required = false) String name) throws IOException {
        if (file.isEmpty()) {
            throw new InvalidFieldException("file", "the upload is empty");
        }
        Path zip = Files.createTempFile("tenfold-upload-", ".zip");
        try {
            // Moves the part Tomcat already wrote to disk, where it can, instead of copying it again.
            Files.delete(zip);
            file.transferTo(zip);
            String datasetName = name != null && !name.isBlank() ? name : defaultName(file.getOriginalFilename());
            DatasetService.Created created = datasets.create(datasetName, zip);
            return DatasetResponse.of(created.dataset(), created.skipped());
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    @GetMapping
    @Operation(summary = "List datasets, newest first")
    PageResponse<DatasetResponse> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Paging.check(page, size);
        return new PageResponse<>(datasets.page(page, size).stream().map(d -> DatasetResponse.of(d, List.of()))
                .toList(), page, size, datasets.count());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a dataset")
    DatasetResponse get(@PathVariable String id) {
        return DatasetResponse.of(datasets.get(id), List.of());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a dataset's images",
            description = "409 while a queued or running job uses it. Jobs and models made from it stay.")
    void delete(@PathVariable String id) throws IOException {
        datasets.delete(id);
    }

    private static String defaultName(String filename) {
        if (filename == null || filename.isBlank()) {
            return "dataset";
        }
        String normalized = filename.replace('\\', '/');
        String base = normalized.substring(normalized.lastIndexOf('/') + 1);
        return base.toLowerCase().endsWith(".zip") ? base.substring(0, base.length() - 4) : base;
    }
}
