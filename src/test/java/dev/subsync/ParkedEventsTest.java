package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.support.Scenario;
import dev.subsync.support.SubsyncTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParkedEventsTest extends SubsyncTest {

    @Test
    void eventsBeforeTheReceiptAreParkedThenAppliedInOrderWhenTheReceiptArrives() throws Exception {
        Scenario scenario = Scenario.load("payment-failure-recovered");
        for (String payload : scenario.payloads()) {
            stripe().post(payload, SECRET);
        }
        awaitProcessed(scenario.eventIds());
        assertThat(scenario.eventIds()).allSatisfy(id -> assertThat(inboxStatus(id)).isEqualTo("parked"));
        assertThat(api().onlySubscription(scenario.appUserId()).isMissingNode()).isTrue();

        HttpResponse<String> receipt = api().postReceipt(scenario.appUserId(), scenario.subscriptionId());

        assertThat(receipt.statusCode()).isEqualTo(201);
        JsonNode answer = new ObjectMapper().readTree(receipt.body());
        assertThat(answer.path("released_events").asInt()).isEqualTo(scenario.payloads().size());
        // answered with the subscriber as it is after the released events, as RevenueCat's POST /receipts
        assertThat(answer.path("subscriber").path("subscriptions").path("prod_basic").path("is_active").asBoolean())
                .isTrue();
        // applied before the receipt call answered: no waiting
        assertThat(scenario.eventIds()).allSatisfy(id -> assertThat(inboxStatus(id)).isEqualTo("applied"));
        SubscriberStateScenariosTest.assertEndsAsExpected(api(), scenario);
    }

    @Test
    void aParkedEventStillWithoutAReceiptAfterTheWaitIsDeadLetteredAsReceiptNotFound() {
        Scenario scenario = Scenario.load("new-paid-subscription");
        String first = scenario.payloads().get(0);
        String eventId = scenario.eventIds().get(0);
        stripe().post(first, SECRET);
        awaitProcessed(List.of(eventId));
        assertThat(inboxStatus(eventId)).isEqualTo("parked");

        // as if subsync.receipt-wait (72h) had passed
        jdbc.update("UPDATE inbox SET parked_at = now() - interval '73 hours' WHERE event_id = ?", eventId);

        await().atMost(Duration.ofSeconds(10)).until(() -> "dead_lettered".equals(inboxStatus(eventId)));
        assertThat(jdbc.queryForMap("SELECT reason, attempts FROM dead_letters WHERE event_id = ?", eventId))
                .containsEntry("reason", "receipt_not_found")
                .containsEntry("attempts", 1);
    }

    @Test
    void aReceiptPostedAfterTheWaitAppliesItsDeadLetteredEventsInOrderAndRemovesTheirDeadLetters() throws Exception {
        Scenario scenario = Scenario.load("payment-failure-recovered");
        for (String payload : scenario.payloads()) {
            stripe().post(payload, SECRET);
        }
        awaitProcessed(scenario.eventIds());
        // as if subsync.receipt-wait (72h) had passed: every event is dead-lettered as receipt_not_found
        jdbc.update("UPDATE inbox SET parked_at = now() - interval '73 hours' WHERE event_id = ANY(?)",
                (Object) scenario.eventIds().toArray(String[]::new));
        await().atMost(Duration.ofSeconds(10)).until(() -> scenario.eventIds().stream()
                .allMatch(id -> "dead_lettered".equals(inboxStatus(id))));

        HttpResponse<String> receipt = api().postReceipt(scenario.appUserId(), scenario.subscriptionId());

        assertThat(receipt.statusCode()).isEqualTo(201);
        JsonNode answer = new ObjectMapper().readTree(receipt.body());
        assertThat(answer.path("released_events").asInt()).isEqualTo(scenario.payloads().size());
        // answered with the subscriber as it is after the released events, as RevenueCat's POST /receipts
        assertThat(answer.path("subscriber").path("subscriptions").path("prod_basic").path("is_active").asBoolean())
                .isTrue();
        assertThat(scenario.eventIds()).allSatisfy(id -> assertThat(inboxStatus(id)).isEqualTo("applied"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letters WHERE event_id = ANY(?)", Integer.class,
                (Object) scenario.eventIds().toArray(String[]::new))).isZero();
        SubscriberStateScenariosTest.assertEndsAsExpected(api(), scenario);
    }

    @Test
    void aParkedEventIsNotExpiredBeforeTheWait() {
        Scenario scenario = Scenario.load("renewal");
        String eventId = scenario.eventIds().get(0);
        stripe().post(scenario.payloads().get(0), SECRET);
        awaitProcessed(List.of(eventId));
        jdbc.update("UPDATE inbox SET parked_at = now() - interval '71 hours' WHERE event_id = ?", eventId);
        // the expiry poll runs every 200 ms in tests; several polls pass while we look
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(inboxStatus(eventId)).isEqualTo("parked");
        }
    }
}
