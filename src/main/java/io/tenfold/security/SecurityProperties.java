package io.tenfold.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * API keys given by configuration (docs/security.md).
 *
 * @param adminKey a plaintext bootstrap key with the admin scope, usually TENFOLD_SECURITY_ADMIN_KEY from a
 *     secret; hashed at start-up, never logged; blank means none
 * @param keys keys given by the SHA-256 of their plaintext, so the configuration holds no secret
 * @param allowUnauthenticatedNetwork lets a process with no key at all listen on a non-loopback address:
 *     dangerous, anyone who reaches the port can then upload, train and classify
 */
@ConfigurationProperties(prefix = "tenfold.security")
@Validated
record SecurityProperties(
        String adminKey,
        @Valid @DefaultValue List<ConfiguredKey> keys,
        @DefaultValue("false") boolean allowUnauthenticatedNetwork) {

    record ConfiguredKey(
            @NotBlank String name,
            @NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be the 64 hex digits of the key's SHA-256")
            String sha256,
            @NotEmpty Set<Scope> scopes) {
    }

    boolean hasAdminKey() {
        return adminKey != null && !adminKey.isBlank();
    }

    /** Never prints the admin key, whatever logs or reports this record. */
    @Override
    public String toString() {
        return "SecurityProperties[adminKey=%s, keys=%s, allowUnauthenticatedNetwork=%s]"
                .formatted(hasAdminKey() ? "(set)" : "(none)", keys, allowUnauthenticatedNetwork);
    }
}
