package io.tenfold.security;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A key just created, with its plaintext: the only time the service shows it. */
record NewApiKeyResponse(
        String id,
        String name,
        List<String> scopes,
        Instant createdAt,
        @Schema(description = "The key itself, shown only in this response; only its SHA-256 is stored.",
                example = "tf_Qm9vdHN0cmFwIGtleSBleGFtcGxlIG9ubHkgMTIzNA") String key) {

    static NewApiKeyResponse of(ApiKeys.Created created) {
        ApiKey key = created.key();
        return new NewApiKeyResponse(key.id(), key.name(), ApiKeyResponse.scopes(key), key.createdAt(),
                created.plaintext());
    }
}
