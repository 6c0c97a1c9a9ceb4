package io.tenfold.security;

import io.tenfold.system.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Every key the service accepts: those given by configuration (kept in memory as hashes) and those created at run
 * time (in the api_keys table). Keys are {@code tf_} and 32 random bytes in base64url, so one SHA-256 is a safe
 * hash for them; a presented key is hashed and compared, never stored or logged.
 *
 * <p>Authentication is required as soon as any key exists, which is decided once at start-up: in configuration, or
 * a row in api_keys (revoked or not, so revoking every key never opens the service). With no key at all the
 * service runs open, and {@link LoopbackRule} keeps it on loopback.
 */
@Component
class ApiKeys {

    static final int MIN_ADMIN_KEY_LENGTH = 24;
    private static final String PREFIX = "tf_";
    private static final HexFormat HEX = HexFormat.of();

    private record ConfiguredHash(ApiKey key, byte[] sha256) {
    }

    /** A key just created: the plaintext is returned this once. */
    record Created(ApiKey key, String plaintext) {
    }

    private final ApiKeyRepository repository;
    private final List<ConfiguredHash> configured;
    private final boolean required;
    private final SecureRandom random = new SecureRandom();

    ApiKeys(SecurityProperties properties, ApiKeyRepository repository) {
        this.repository = repository;
        List<ConfiguredHash> configured = new ArrayList<>();
        if (properties.hasAdminKey()) {
            String adminKey = properties.adminKey().strip();
            if (adminKey.length() < MIN_ADMIN_KEY_LENGTH) {
                throw new IllegalStateException("tenfold.security.admin-key is shorter than " + MIN_ADMIN_KEY_LENGTH
                        + " characters; use a random key, for example: tf_$(openssl rand -hex 32)");
            }
            configured.add(new ConfiguredHash(configuredKey("admin-key", Set.of(Scope.ADMIN)), sha256(adminKey)));
        }
        for (SecurityProperties.ConfiguredKey key : properties.keys()) {
            configured.add(new ConfiguredHash(configuredKey(key.name(), key.scopes()), HEX.parseHex(key.sha256())));
        }
        this.configured = List.copyOf(configured);
        this.required = !configured.isEmpty() || repository.any();
    }

    /** False only when no key exists at all: the open, loopback-only embedded default. */
    boolean required() {
        return required;
    }

    int configuredCount() {
        return configured.size();
    }

    /** The valid key whose plaintext this is, if any. */
    Optional<ApiKey> verify(String presented) {
        byte[] hash = sha256(presented);
        ApiKey match = null;
        for (ConfiguredHash candidate : configured) {
            // Every configured hash is compared, in constant time, whatever matched before.
            if (MessageDigest.isEqual(candidate.sha256(), hash)) {
                match = candidate.key();
            }
        }
        if (match != null) {
            return Optional.of(match);
        }
        // An index lookup by hash: its timing can tell at most something about the SHA-256 of a guess, which does
        // not help to find a 256-bit random key.
        return repository.findValid(HEX.formatHex(hash));
    }

    Created create(String name, Set<Scope> scopes) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String plaintext = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), name, Set.copyOf(scopes), ApiKey.Source.DATABASE,
                Instant.now(), null);
        repository.insert(key, HEX.formatHex(sha256(plaintext)));
        return new Created(key, plaintext);
    }

    /** Keys from configuration first, then the database's, newest first; revoked ones included. */
    List<ApiKey> list() {
        List<ApiKey> keys = new ArrayList<>(configured.stream().map(ConfiguredHash::key).toList());
        keys.addAll(repository.list());
        return keys;
    }

    /** Revokes a key created at run time; it is refused from the next request on. */
    void revoke(String id) {
        if (!repository.revoke(id, Instant.now())) {
            throw new NotFoundException("API key", id);
        }
    }

    static String sha256Hex(String key) {
        return HEX.formatHex(sha256(key));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static ApiKey configuredKey(String name, Set<Scope> scopes) {
        return new ApiKey(null, name, Set.copyOf(scopes), ApiKey.Source.CONFIGURATION, null, null);
    }
}
