package dev.subsync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.util.FileSystemUtils;

/**
 * Temporary files and folders that live as long as the test JVM and are removed when it exits: the
 * machine's temporary folder is shared, and the suite runs many times on it.
 */
public final class TemporaryFiles {

    private TemporaryFiles() {
    }

    public static Path folder(String prefix) throws IOException {
        return removedAtExit(Files.createTempDirectory(prefix));
    }

    public static Path file(String prefix, String suffix) throws IOException {
        return removedAtExit(Files.createTempFile(prefix, suffix));
    }

    private static Path removedAtExit(Path path) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                FileSystemUtils.deleteRecursively(path);
            } catch (IOException e) {
                throw new UncheckedIOException("could not remove " + path, e);
            }
        }, "remove-" + path.getFileName()));
        return path;
    }
}
