package dev.subsync.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One embedded PostgreSQL for the whole test JVM; tests isolate themselves by unique ids. Like a managed
 * PostgreSQL, it checks the password of {@link #PASSWORD_USER} (the runtimes started as Camel K starts
 * them connect as that user); the tests' own connections as {@code postgres} are trusted.
 */
public final class SharedDatabase {

    public static final String PASSWORD_USER = "subsync_app";
    public static final String PASSWORD = "app-password-from-a-secret";
    private static final String HBA = """
            local all all trust
            host all %1$s 127.0.0.1/32 scram-sha-256
            host all %1$s ::1/128 scram-sha-256
            host all all 127.0.0.1/32 trust
            host all all ::1/128 trust
            """.formatted(PASSWORD_USER);

    private static EmbeddedPostgres postgres;

    private SharedDatabase() {
    }

    /** A database of its own in the shared server, for tests that count everything in it. */
    public static synchronized String jdbcUrl(String database) {
        jdbcUrl();
        try (var connection = postgres.getPostgresDatabase().getConnection();
                var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                connection.createStatement().execute("CREATE DATABASE \"" + database + "\"");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not create database " + database, e);
        }
        return postgres.getJdbcUrl("postgres", database);
    }

    public static synchronized String jdbcUrl() {
        if (postgres == null) {
            try {
                java.nio.file.Path hba = TemporaryFiles.file("subsync-pg_hba", ".conf");
                java.nio.file.Files.writeString(hba, HBA);
                postgres = EmbeddedPostgres.builder().setServerConfig("hba_file", hba.toString()).start();
                try (var connection = postgres.getPostgresDatabase().getConnection()) {
                    connection.createStatement().execute("CREATE ROLE " + PASSWORD_USER
                            + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("could not create the password user", e);
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(SharedDatabase::stop));
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** The shared database's URL without the test user in it, for runtimes that connect as {@link #PASSWORD_USER}. */
    public static String urlWithoutUser() {
        return jdbcUrl().replaceFirst("\\?.*$", "");
    }

    private static synchronized void stop() {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is exiting
        }
    }
}
