package io.tenfold.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.support.PostgresServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** V3__api_keys.sql and the repository on both databases the service supports, without a Spring context. */
class ApiKeyRepositoryTest {

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void storesFindsRevokesAndKeepsHashesUnique(String database) {
        ApiKeyRepository repository = new ApiKeyRepository(JdbcClient.create(migrated(database)));
        assertThat(repository.any()).isFalse();

        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ApiKey key = new ApiKey("k1", "ci", Set.of(Scope.TRAIN, Scope.CLASSIFY), ApiKey.Source.DATABASE, created, null);
        String hash = ApiKeys.sha256Hex("tf_example");
        repository.insert(key, hash);
        assertThat(repository.any()).isTrue();
        assertThat(repository.findValid(hash)).contains(key);
        assertThatThrownBy(() -> repository.insert(
                new ApiKey("k2", "copy", Set.of(Scope.ADMIN), ApiKey.Source.DATABASE, created, null), hash))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(repository.revoke("k1", created.plusSeconds(5))).isTrue();
        assertThat(repository.revoke("k1", created.plusSeconds(60))).isTrue();
        assertThat(repository.revoke("nope", created)).isFalse();
        assertThat(repository.findValid(hash)).isEmpty();
        assertThat(repository.list()).singleElement()
                .satisfies(listed -> assertThat(listed.revokedAt()).isEqualTo(created.plusSeconds(5)));
        assertThat(repository.any()).isTrue();
    }

    private static DriverManagerDataSource migrated(String database) {
        DriverManagerDataSource dataSource = database.equals("h2")
                ? new DriverManagerDataSource("jdbc:h2:mem:api-keys-" + System.nanoTime()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "")
                : postgres();
        Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }

    private static DriverManagerDataSource postgres() {
        PostgresServer.Connection db = PostgresServer.freshDatabase("api_keys");
        return new DriverManagerDataSource(db.url(), db.username(), db.password());
    }
}
