package dev.subsync.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.util.FileSystemUtils;

/**
 * An embedded PostgreSQL of a test's own, which the test stops and starts again under a running app:
 * the same data folder and port each time, so the app's pool reconnects to the same database.
 */
public final class RestartableDatabase implements AutoCloseable {

    private final Path data;
    private final int port;
    private EmbeddedPostgres postgres;

    public RestartableDatabase() {
        try {
            this.data = Files.createTempDirectory("subsync-outage");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = FreePorts.any();
        start();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public void stop() throws IOException {
        postgres.close();
    }

    public void start() {
        try {
            postgres = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /** Stops the server and removes its data folder (kept across restarts, so the builder does not). */
    @Override
    public void close() throws IOException {
        postgres.close();
        FileSystemUtils.deleteRecursively(data);
    }
}
