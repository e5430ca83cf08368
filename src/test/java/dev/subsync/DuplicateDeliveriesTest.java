package dev.subsync;

import static dev.subsync.support.StripeFixtures.subscriptionEvent;
import static dev.subsync.support.StripeFixtures.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsync.support.SubsyncTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DuplicateDeliveriesTest extends SubsyncTest {

    @Test
    void aRedeliveredEventAnswersDuplicateAndLeavesTheStoredRowUntouched() {
        String id = uniqueEventId();
        String payload = subscriptionEvent(id, "customer.subscription.updated", "sub_dup");
        assertThat(stripe().post(payload, SECRET).body()).contains("\"status\":\"accepted\"");
        var stored = jdbc.queryForMap("SELECT payload, received_at, status FROM inbox WHERE event_id = ?", id);

        // Stripe's retry carries the same event id, with a new signature timestamp
        HttpResponse<String> retry = stripe().post(payload, SECRET);

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo("{\"status\":\"duplicate\",\"id\":\"" + id + "\"}");
        assertThat(inboxRows(id)).isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT payload, received_at, status FROM inbox WHERE event_id = ?", id))
                .isEqualTo(stored);
    }

    @Test
    void twentyConcurrentDeliveriesOfOneEventStoreOneRow() throws Exception {
        String id = uniqueEventId();
        String payload = subscriptionEvent(id, "customer.subscription.updated", "sub_race");
        CountDownLatch start = new CountDownLatch(1);
        List<HttpResponse<String>> responses;
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<HttpResponse<String>>> deliveries = IntStream.range(0, 20)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        awaitQuietly(start);
                        return stripe().post(payload, SECRET);
                    }, pool))
                    .toList();
            start.countDown();
            responses = deliveries.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }

        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        assertThat(responses).filteredOn(response -> response.body().contains("\"accepted\"")).hasSize(1);
        assertThat(responses).filteredOn(response -> response.body().contains("\"duplicate\"")).hasSize(19);
        assertThat(inboxRows(id)).isEqualTo(1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
