package dev.subsync.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One embedded PostgreSQL for the whole test JVM; tests isolate themselves by unique ids. */
public final class SharedDatabase {

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
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(SharedDatabase::stop));
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    private static synchronized void stop() {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is exiting
        }
    }
}
