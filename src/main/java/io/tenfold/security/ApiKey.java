package io.tenfold.security;

import java.time.Instant;
import java.util.Set;

/**
 * A key as the service knows it: who it is and what it may do, never the key itself.
 *
 * @param id the database id; null for a key given by configuration
 * @param createdAt null for a key given by configuration
 * @param revokedAt null while the key is valid
 */
record ApiKey(String id, String name, Set<Scope> scopes, Source source, Instant createdAt, Instant revokedAt) {

    enum Source {
        CONFIGURATION,
        DATABASE
    }
}
