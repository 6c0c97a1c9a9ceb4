package io.tenfold.security;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A key without its secret. */
record ApiKeyResponse(
        @Schema(description = "null for a key given by configuration") String id,
        String name,
        List<String> scopes,
        @Schema(description = "configuration or database") String source,
        Instant createdAt,
        Instant revokedAt) {

    static ApiKeyResponse of(ApiKey key) {
        return new ApiKeyResponse(key.id(), key.name(), scopes(key), key.source().name().toLowerCase(Locale.ROOT),
                key.createdAt(), key.revokedAt());
    }

    static List<String> scopes(ApiKey key) {
        return key.scopes().stream().sorted().map(Scope::toString).toList();
    }
}
