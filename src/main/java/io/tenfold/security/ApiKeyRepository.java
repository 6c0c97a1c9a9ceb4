package io.tenfold.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The api_keys table: keys created at run time, by the SHA-256 of their plaintext. Rows are revoked, never deleted. */
@Repository
class ApiKeyRepository {

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ApiKey key, String sha256) {
        jdbc.sql("""
                INSERT INTO api_keys (id, name, sha256, scopes, created_at)
                VALUES (:id, :name, :sha256, :scopes, :createdAt)""")
                .param("id", key.id())
                .param("name", key.name())
                .param("sha256", sha256)
                .param("scopes", Scope.format(key.scopes()))
                .param("createdAt", Timestamp.from(key.createdAt()))
                .update();
    }

    Optional<ApiKey> findValid(String sha256) {
        return jdbc.sql("SELECT * FROM api_keys WHERE sha256 = :sha256 AND revoked_at IS NULL")
                .param("sha256", sha256)
                .query(this::map)
                .optional();
    }

    List<ApiKey> list() {
        return jdbc.sql("SELECT * FROM api_keys ORDER BY created_at DESC, id").query(this::map).list();
    }

    /** Revokes a key (a second revocation keeps the first time); false if there is no such key. */
    boolean revoke(String id, Instant now) {
        return jdbc.sql("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, :now) WHERE id = :id")
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update() > 0;
    }

    /** Whether any key was ever created here, revoked ones included. */
    boolean any() {
        return jdbc.sql("SELECT COUNT(*) FROM api_keys").query(Long.class).single() > 0;
    }

    private ApiKey map(ResultSet rs, int row) throws SQLException {
        Timestamp revokedAt = rs.getTimestamp("revoked_at");
        return new ApiKey(
                rs.getString("id"),
                rs.getString("name"),
                Scope.parseAll(rs.getString("scopes")),
                ApiKey.Source.DATABASE,
                rs.getTimestamp("created_at").toInstant(),
                revokedAt == null ? null : revokedAt.toInstant());
    }
}
