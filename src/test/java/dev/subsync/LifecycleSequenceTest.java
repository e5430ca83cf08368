package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.support.Lifecycle;
import dev.subsync.support.Scenario;
import dev.subsync.support.SubsyncTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class LifecycleSequenceTest extends SubsyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sequencesStayGapFreeUnderEightConcurrentDeliveriesOfInterleavedEventsForOneSubscriber() throws Exception {
        String user = "user-" + UUID.randomUUID();
        List<Scenario> subscriptions = List.of(Scenario.load("renewal"), Scenario.load("payment-failure-recovered"),
                Scenario.load("cancel-then-uncancel"), Scenario.load("trial-to-paid"), Scenario.load("plan-change"));
        List<String> firstHalf = new ArrayList<>();
        List<String> secondHalf = new ArrayList<>();
        List<String> allIds = new ArrayList<>();
        for (Scenario scenario : subscriptions) {
            List<String> payloads = scenario.payloads();
            firstHalf.addAll(payloads.subList(0, payloads.size() / 2));
            secondHalf.addAll(payloads.subList(payloads.size() / 2, payloads.size()));
            allIds.addAll(scenario.eventIds());
        }
        Collections.shuffle(firstHalf, new Random(1));
        Collections.shuffle(secondHalf, new Random(2));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            // the first events park (no receipt yet); then receipts, whose calls apply parked events on
            // their own threads, race the remaining deliveries, applied by the inbox poller
            runConcurrently(pool, firstHalf.stream().<Runnable>map(p -> () -> stripe().post(p, SECRET)).toList());
            List<Runnable> race = new ArrayList<>();
            subscriptions.forEach(s -> race.add(() -> api().postReceipt(user, s.subscriptionId())));
            secondHalf.forEach(p -> race.add(() -> stripe().post(p, SECRET)));
            Collections.shuffle(race, new Random(3));
            runConcurrently(pool, race);
        } finally {
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id = ANY(?) AND status IN ('received', 'processing', 'parked')",
                Integer.class, (Object) allIds.toArray(String[]::new)) == 0);

        JsonNode events = JSON.readTree(api().events(user, 0, 1000).body()).path("events");
        List<Long> sequences = new ArrayList<>();
        List<Long> cursors = new ArrayList<>();
        events.forEach(event -> {
            sequences.add(event.path("sequence").asLong());
            cursors.add(event.path("cursor").asLong());
        });
        int expectedCount = subscriptions.stream().mapToInt(s -> s.expectedLifecycle().size()).sum();
        assertThat(sequences).hasSize(expectedCount);
        for (int i = 0; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).isEqualTo(i + 1L);
        }
        assertThat(cursors).isSorted().doesNotHaveDuplicates();
        for (Scenario scenario : subscriptions) {
            List<String> ofSubscription = new ArrayList<>();
            events.forEach(event -> {
                if (event.path("subscription_id").asText().equals(scenario.subscriptionId())) {
                    ofSubscription.add(Lifecycle.describe(event));
                }
            });
            assertThat(ofSubscription).as(scenario.name()).containsExactlyElementsOf(scenario.expectedLifecycle());
        }
        assertThat(JSON.readTree(api().subscriber(user).body()).path("subscriber").path("sequence").asLong()).isEqualTo(expectedCount);
    }

    private static void runConcurrently(ExecutorService pool, List<Runnable> tasks) {
        CompletableFuture.allOf(tasks.stream().map(task -> CompletableFuture.runAsync(task, pool))
                .toArray(CompletableFuture[]::new)).join();
    }
}
