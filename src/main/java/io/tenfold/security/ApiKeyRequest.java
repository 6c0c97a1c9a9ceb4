package io.tenfold.security;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

@Schema(description = "A new API key: who it is for and what it may do.")
record ApiKeyRequest(
        @NotBlank @Size(max = 255) @Schema(example = "ci-classifier") String name,
        @NotEmpty @Schema(example = "[\"classify\"]", description = "classify, train and/or admin") List<String> scopes) {
}
