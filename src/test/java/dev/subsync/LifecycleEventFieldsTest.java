package dev.subsync;

import static dev.subsync.support.StripeFixtures.event;
import static dev.subsync.support.StripeFixtures.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.support.Scenario;
import dev.subsync.support.SubsyncTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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

    @Test
    void aTrialConversionAProductChangeThePriceAndTheTransactionAreSaidAsRevenueCatSaysThem() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String user = "user-" + run;
        String sub = "sub_" + run;
        long start = Instant.now().minus(20, ChronoUnit.DAYS).getEpochSecond();
        long paid = start + 7 * 86_400;
        api().postReceipt(user, sub);
        deliver(run, 1, start, subscription(sub, "cus_" + run, "prod_a_" + run, "trialing", start, paid, ""));
        deliver(run, 2, paid, subscription(sub, "cus_" + run, "prod_a_" + run, "active", paid, paid + 30 * 86_400, ""));
        deliver(run, 3, paid + 60, subscription(sub, "cus_" + run, "prod_b_" + run, "active", paid, paid + 30 * 86_400, "")
                .replace("\"unit_amount\":999,\"currency\":\"usd\"", "\"unit_amount\":1200,\"currency\":\"jpy\""));

        JsonNode events = JSON.readTree(api().events(user, 0, 100).body()).path("events");

        assertThat(events).extracting(e -> e.path("type").asText())
                .containsExactly("INITIAL_PURCHASE", "RENEWAL", "PRODUCT_CHANGE");
        JsonNode trial = events.get(0);
        assertThat(trial.path("period_type").asText()).isEqualTo("TRIAL");
        assertThat(trial.path("price").decimalValue()).isZero();          // a trial costs nothing
        JsonNode conversion = events.get(1);
        assertThat(conversion.path("is_trial_conversion").asBoolean()).isTrue();
        assertThat(conversion.path("price").decimalValue()).isEqualByComparingTo("9.99");
        assertThat(conversion.path("price_in_purchased_currency").decimalValue()).isEqualByComparingTo("9.99");
        assertThat(conversion.path("currency").asText()).isEqualTo("USD");
        assertThat(conversion.path("transaction_id").asText()).isEqualTo("in_" + sub + "_" + paid);
        assertThat(conversion.path("entitlement_ids")).extracting(JsonNode::asText).containsExactly("prod_a_" + run);
        JsonNode change = events.get(2);
        assertThat(change.path("product_id").asText()).isEqualTo("prod_a_" + run);
        assertThat(change.path("new_product_id").asText()).isEqualTo("prod_b_" + run);
        assertThat(change.path("price").decimalValue()).isEqualByComparingTo("1200");   // yen have no minor unit
        assertThat(change.path("currency").asText()).isEqualTo("JPY");
        assertThat(change.path("entitlement_ids")).extracting(JsonNode::asText).containsExactly("prod_b_" + run);
        assertThat(trial.path("new_product_id").isNull()).isTrue();
    }

    @Test
    void aSubscriptionThatEndsWithoutAnyReasonStripeGaveExpiresForAnUnknownReason() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String user = "user-" + run;
        String sub = "sub_" + run;
        long start = Instant.now().minus(20, ChronoUnit.DAYS).getEpochSecond();
        api().postReceipt(user, sub);
        deliver(run, 1, start, subscription(sub, "cus_" + run, "prod_" + run, "active", start, start + 30 * 86_400, ""));
        deliver(run, 2, start + 60, subscription(sub, "cus_" + run, "prod_" + run, "canceled", start,
                start + 30 * 86_400, ""));

        JsonNode events = JSON.readTree(api().events(user, 0, 100).body()).path("events");

        assertThat(events).extracting(e -> e.path("type").asText() + "/" + e.path("expiration_reason").asText())
                .contains("EXPIRATION/UNKNOWN");
    }

    private void deliver(String run, int n, long created, String subscription) {
        String id = "evt_" + run + "_" + n;
        stripe().post(event(id, "customer.subscription.updated", created, subscription), SECRET);
        awaitProcessed(List.of(id));
    }
}
