package io.tenfold.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, one per JVM. Uses {@code TENFOLD_TEST_POSTGRES_URL} when
 * set (CI or a developer's own server); otherwise starts a throwaway server from the machine's
 * PostgreSQL binaries on a temporary data directory and a free port, and stops it at exit.
 * Without binaries it fails with the one line to run to install them.
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

    private static Connection startLocal() {
        Path bin = binaries();
        try {
            Path data = Files.createTempDirectory("tenfold-pg-");
            int port = freePort();
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "-R", "postgres:", data.toString()));
            }
            run(asPostgres(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                    "--auth=trust", "--no-sync", "-E", "UTF8"));
            run(asPostgres(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l",
                    data.resolve("server.log").toString(), "-o",
                    "-p " + port + " -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(asPostgres(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                            "stop"));
                    deleteRecursively(data);
                } catch (RuntimeException | IOException ignored) {
                    // best effort at JVM exit
                }
            }));
            return new Connection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PostgreSQL from " + bin, e);
        }
    }

    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString()
                                .replaceAll("\\D", "0"))));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException ignored) {
                // fall through to the message below
            }
        }
        throw new IllegalStateException("Tests need PostgreSQL: install it (Debian/Ubuntu: "
                + "sudo apt-get install -y postgresql) or set TENFOLD_TEST_POSTGRES_URL to a server.");
    }

    private static List<String> asPostgres(boolean root, String... command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
