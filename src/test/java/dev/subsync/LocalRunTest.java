package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The local run's guard: one run per data folder, since its embedded PostgreSQL serves only one. */
class LocalRunTest {

    @Test
    void aSecondLocalRunInTheSameFolderIsRefused() throws Exception {
        Path folder = Files.createTempDirectory("subsync-local");
        Path other = Files.createTempDirectory("subsync-local");

        assertThat(LocalSubsync.holdLock(folder)).isTrue();
        assertThat(LocalSubsync.holdLock(folder)).isFalse();
        assertThat(LocalSubsync.holdLock(other)).isTrue();
    }
}
