package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.support.Scenario;
import dev.subsync.support.SubsyncTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboxRetentionTest extends SubsyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eventsOlderThanTheRetentionArePrunedWithoutChangingStateAndLaterEventsStillApplyExactly() throws Exception {
        Scenario scenario = Scenario.load("payment-failure-recovered");
        api().postReceipt(scenario.appUserId(), scenario.subscriptionId());
        List<String> payloads = scenario.payloads();
        List<String> ids = scenario.eventIds();
        // the first three events arrive and are applied, then age past the 30-day retention
        for (String payload : payloads.subList(0, 3)) {
            stripe().post(payload, SECRET);
        }
        awaitProcessed(ids.subList(0, 3));
        JsonNode before = summary(scenario);
        jdbc.update("UPDATE inbox SET received_at = now() - interval '31 days' WHERE event_id = ANY(?)",
                (Object) ids.subList(0, 3).toArray(String[]::new));

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id = ANY(?)", Integer.class,
                (Object) ids.subList(0, 3).toArray(String[]::new)) == 0);
        assertThat(summary(scenario)).isEqualTo(before);

        // the rest arrives out of order: the second-to-last forces a replay, which starts from base_state
        stripe().post(payloads.get(4), SECRET);
        awaitProcessed(ids.subList(4, 5));
        stripe().post(payloads.get(3), SECRET);
        awaitProcessed(ids.subList(3, 4));
        // a redelivery of a pruned event is older than the base: recorded stale, no effect
        stripe().post(payloads.get(0), SECRET);
        awaitProcessed(ids.subList(0, 1));

        assertThat(inboxStatus(ids.get(0))).isEqualTo("stale");
        SubscriberStateScenariosTest.assertEndsAsExpected(api(), scenario);
    }

    @Test
    void parkedAndDeadLetteredEventsAreNeverPruned() {
        Scenario scenario = Scenario.load("renewal");
        String parked = scenario.eventIds().get(0);
        stripe().post(scenario.payloads().get(0), SECRET);
        awaitProcessed(List.of(parked));
        jdbc.update("UPDATE inbox SET received_at = now() - interval '400 days' WHERE event_id = ?", parked);

        // several retention passes (every 200 ms in tests) go by; the parked event stays
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(inboxRows(parked)).isEqualTo(1);
        }
        assertThat(inboxStatus(parked)).isEqualTo("parked");
    }

    private JsonNode summary(Scenario scenario) throws Exception {
        return JSON.readTree(jdbc.queryForObject("SELECT summary::text FROM subscriptions WHERE subscription_id = ?",
                String.class, scenario.subscriptionId()));
    }
}
