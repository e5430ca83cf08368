package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local run's guard: one run per data folder, since its embedded PostgreSQL serves only one. */
class LocalRunTest {

    @Test
    void aSecondLocalRunInTheSameFolderIsRefused(@TempDir Path folder, @TempDir Path other) throws Exception {

        assertThat(LocalSubsync.holdLock(folder)).isTrue();
        assertThat(LocalSubsync.holdLock(folder)).isFalse();
        assertThat(LocalSubsync.holdLock(other)).isTrue();
    }
}
