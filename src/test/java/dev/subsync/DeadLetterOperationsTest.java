package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.support.Scenario;
import dev.subsync.support.SignedDelivery;
import dev.subsync.support.StripeFixtures;
import dev.subsync.support.SubscriberApi;
import dev.subsync.support.SubsyncTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

/** What an operator does with what could not be applied: discard, redrive by reason, find parked events. */
class DeadLetterOperationsTest extends SubsyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

    @LocalManagementPort
    private int managementPort;

    @Test
    void aDiscardedDeadLetterIsGoneAndItsEventStaysADuplicate() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String eventId = "evt_" + run + "_orphan";
        String charge = StripeFixtures.event(eventId, "charge.refunded", Instant.now().getEpochSecond(), """
                {"id":"ch_%s","object":"charge","customer":"cus_%s","amount":500,"amount_refunded":500,"refunded":true}"""
                .formatted(run, run));
        stripe().post(charge, SECRET);
        awaitProcessed(List.of(eventId));
        long id = jdbc.queryForObject("SELECT id FROM dead_letters WHERE event_id = ?", Long.class, eventId);

        HttpResponse<String> discarded = admin().send("DELETE", "/v1/admin/dead-letters/" + id);

        assertThat(discarded.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(discarded.body()).path("status").asText()).isEqualTo("discarded");
        assertThat(admin().get("/v1/admin/dead-letters/" + id).statusCode()).isEqualTo(404);
        assertThat(admin().send("DELETE", "/v1/admin/dead-letters/" + id).statusCode()).isEqualTo(404);
        assertThat(inboxStatus(eventId)).isEqualTo("discarded");
        assertThat(stripe().post(charge, SECRET).body()).contains("\"status\":\"duplicate\"");
    }

    @Test
    void redrivingAReasonReprocessesItsDeadLettersInOrderAndRemovesThoseThatSucceed() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String eventId = eventFailingUntilItsStateIsRemoved(run);
        jdbc.update("DELETE FROM subscriptions WHERE subscription_id = ?", "sub_" + run);   // the fix

        HttpResponse<String> redriven = admin().post("/v1/admin/dead-letters/redrive?reason=processing_failed&limit=1000", "");

        assertThat(redriven.statusCode()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(redriven.body());
        assertThat(outcome.path("reason").asText()).isEqualTo("processing_failed");
        assertThat(outcome.path("redriven").asInt()).isPositive();
        assertThat(outcome.path("outcomes").path("applied").asInt()).isPositive();
        assertThat(inboxStatus(eventId)).isEqualTo("applied");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letters WHERE event_id = ?", Integer.class, eventId))
                .isZero();
        assertThat(admin().post("/v1/admin/dead-letters/redrive", "").statusCode()).isEqualTo(400);
    }

    @Test
    void parkedEventsAreListedWithTheSubscriptionToPostAReceiptFor() throws Exception {
        Scenario scenario = Scenario.load("new-paid-subscription");
        stripe().post(scenario.payloads().get(0), SECRET);
        awaitProcessed(List.of(scenario.eventIds().get(0)));

        JsonNode page = JSON.readTree(admin().get("/v1/admin/parked-events?limit=1000").body());

        JsonNode parked = null;
        for (JsonNode event : page.path("parked_events")) {
            if (event.path("event_id").asText().equals(scenario.eventIds().get(0))) {
                parked = event;
            }
        }
        assertThat(parked).isNotNull();
        assertThat(parked.path("subscription_id").asText()).isEqualTo(scenario.subscriptionId());
        assertThat(parked.path("parked_at").asText()).matches(TIME);
        assertThat(page.path("next_after").asInt()).isEqualTo(page.path("parked_events").size());
    }

    @Test
    void everyListHasANextFieldThatIsNeverNullAndTimesAreUtcWithZ() throws Exception {
        JsonNode emptyDeadLetters = JSON.readTree(admin().get("/v1/admin/dead-letters?after=999999999").body());
        assertThat(emptyDeadLetters.path("next_after").asLong()).isEqualTo(999999999L);
        JsonNode emptyEvents = JSON.readTree(api().get("/v1/events?after=999999999").body());
        assertThat(emptyEvents.path("next_cursor").asLong()).isEqualTo(999999999L);
        String user = "user-" + UUID.randomUUID();
        api().postReceipt(user, "sub_" + UUID.randomUUID().toString().replace("-", ""));
        assertThat(JSON.readTree(api().events(user, 7, 10).body()).path("next_sequence").asLong()).isEqualTo(7);

        HttpResponse<String> letters = admin().get("/v1/admin/dead-letters?limit=5");
        assertThat(letters.body()).doesNotContain(" : ").doesNotContain("+00:00");
        for (JsonNode letter : JSON.readTree(letters.body()).path("dead_letters")) {
            assertThat(letter.path("first_failed_at").asText()).matches(TIME);
        }
    }

    @Test
    void gaugesShowParkedEventsDeadLettersBacklogAndLag() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(SignedDelivery.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + managementPort + "/actuator/prometheus")).build()).body())
                .contains("subsync_inbox_parked ", "subsync_dead_letters ", "subsync_inbox_backlog ",
                        "subsync_inbox_oldest_unapplied_age_seconds "));
    }

    private SubscriberApi admin() {
        return new SubscriberApi(port, ADMIN_KEY);
    }
}
