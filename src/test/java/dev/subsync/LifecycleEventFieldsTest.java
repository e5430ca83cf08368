package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.support.Scenario;
import dev.subsync.support.SubsyncTest;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each lifecycle event carries a unique, stable id and, under RevenueCat's names, the fields of its
 * event that apply to Stripe; both lists (one subscriber's, everyone's) serialise it the same way.
 */
class LifecycleEventFieldsTest extends SubsyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void lifecycleEventsCarryAnIdThePeriodTypeTimesInMillisecondsTheStoreAndTheEnvironment() throws Exception {
        Scenario scenario = Scenario.load("trial-to-paid");
        api().postReceipt(scenario.appUserId(), scenario.subscriptionId());
        scenario.payloads().forEach(payload -> stripe().post(payload, SECRET));
        awaitProcessed(scenario.eventIds());

        JsonNode events = JSON.readTree(api().events(scenario.appUserId(), 0, 100).body()).path("events");

        assertThat(events).hasSize(2);
        Set<String> ids = new HashSet<>();
        for (JsonNode event : events) {
            assertThat(ids.add(event.path("id").asText())).as("unique id").isTrue();
            assertThat(event.path("id").asText()).startsWith("lce_");
            assertThat(event.path("original_app_user_id").asText()).isEqualTo(scenario.appUserId());
            assertThat(event.path("original_transaction_id").asText()).isEqualTo(scenario.subscriptionId());
            assertThat(event.path("product_id").asText()).isEqualTo("prod_basic");
            assertThat(event.path("store").asText()).isEqualTo("STRIPE");
            assertThat(event.path("environment").asText()).isEqualTo("SANDBOX");   // livemode false
            assertThat(event.path("event_timestamp_ms").asLong())
                    .isEqualTo(Instant.parse(event.path("occurred_at").asText()).toEpochMilli());
            assertThat(event.path("expiration_at_ms").asLong())
                    .isEqualTo(Instant.parse(event.path("state").path("expires_at").asText()).toEpochMilli());
            assertThat(event.path("purchased_at_ms").isNumber()).isTrue();
            assertThat(event.path("period_type").asText()).isIn("TRIAL", "NORMAL");
        }
        // the same serialisation in the global list, and the same id on every read
        JsonNode first = events.get(0);
        JsonNode all = JSON.readTree(api().get("/v1/events?after=" + (first.path("cursor").asLong() - 1) + "&limit=1").body());
        assertThat(all.path("events").get(0)).isEqualTo(first);
    }
}
