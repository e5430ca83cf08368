package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsync.support.CamelQuarkusRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The Integration launched with its {@code traits.jvm.options}, as the Camel K operator launches it, runs
 * push's senders, recorders and deadline thread at nice 10 and no other thread: the operating system's
 * view (Linux's /proc), which is what gives ingest the cores first (the JVM sets a thread's nice from
 * its Java priority).
 */
@EnabledOnOs(OS.LINUX)
@EnabledIf(value = "dev.subsync.support.CamelQuarkusRuntime#built", disabledReason = "k8s/camel-k/quarkus not built (CI builds it)")
class PushInTheBackgroundOnCamelQuarkusTest {

    private static final int BACKGROUND_NICE = 10;
    private static final int SENDERS_AND_RECORDERS = 16 + 2;   // subsync.webhooks.concurrency's default, routes' recorders
    /** The senders' deadline thread (AppWebhookHttpClient), there once push has sent; its name as /proc cuts it. */
    private static final String DEADLINES = "app-webhook-dea";

    @Test
    void pushThreadsAloneRunAtNiceTen() throws IOException {
        long pid = CamelQuarkusRuntime.pid();
        List<String> stats;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            stats = tasks.map(task -> read(task.resolve("stat"))).toList();
        }
        List<Integer> threads = stats.stream().filter(stat -> !name(stat).equals(DEADLINES)).map(PushInTheBackgroundOnCamelQuarkusTest::nice)
                .toList();

        assertThat(threads).filteredOn(nice -> nice == BACKGROUND_NICE).hasSize(SENDERS_AND_RECORDERS);
        assertThat(threads).filteredOn(nice -> nice != BACKGROUND_NICE).hasSizeGreaterThan(SENDERS_AND_RECORDERS);
        assertThat(stats).filteredOn(stat -> name(stat).equals(DEADLINES))
                .allSatisfy(stat -> assertThat(nice(stat)).isEqualTo(BACKGROUND_NICE));
    }

    /** The thread's name: between the first '(' and the last ')', as it may hold both. */
    private static String name(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** Field 19 of /proc/.../stat, counted after the command name. */
    private static int nice(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[19 - 3]);
    }

    private static String read(Path stat) {
        try {
            return Files.readString(stat);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
