package dev.subsync;

import static dev.subsync.support.StripeFixtures.event;
import static dev.subsync.support.StripeFixtures.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.support.SubscriberApi;
import dev.subsync.support.SubsyncTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The identity operations of the admin API: a subscription moves to another app user with a TRANSFER
 * event in each user's sequence, and a subscriber is erased on request, after which their
 * subscriptions' events park as without a receipt.
 */
class TransferAndErasureTest extends SubsyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTransferMovesTheSubscriptionAndItsEntitlementWithATransferEventForBothUsers() throws Exception {
        String run = run();
        String from = "user-from-" + run;
        String to = "user-to-" + run;
        String sub = "sub_" + run;
        String product = "prod_tr_" + run;
        buy(from, sub, product, run, "active", 0);

        HttpResponse<String> transfer = admin().post("/v1/admin/subscriptions/" + sub + "/transfer",
                "{\"to_app_user_id\":\"" + to + "\"}");

        assertThat(transfer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(transfer.body()).path("transferred").asBoolean()).isTrue();
        assertThat(subscriber(from).path("entitlements").has(product)).isFalse();
        assertThat(subscriber(from).path("subscriptions").isEmpty()).isTrue();
        assertThat(subscriber(to).path("entitlements").path(product).path("product_identifier").asText()).isEqualTo(product);
        assertThat(subscriber(to).path("subscriptions").path(product).path("subscription_id").asText()).isEqualTo(sub);

        JsonNode lastOfFrom = events(from).get(events(from).size() - 1);
        assertThat(lastOfFrom.path("type").asText()).isEqualTo("TRANSFER");
        assertThat(lastOfFrom.path("sequence").asInt()).isEqualTo(2);   // after INITIAL_PURCHASE
        JsonNode firstOfTo = events(to).get(0);
        assertThat(firstOfTo.path("type").asText()).isEqualTo("TRANSFER");
        assertThat(firstOfTo.path("sequence").asInt()).isEqualTo(1);
        for (JsonNode event : List.of(lastOfFrom, firstOfTo)) {
            assertThat(event.path("transferred_from").get(0).asText()).isEqualTo(from);
            assertThat(event.path("transferred_to").get(0).asText()).isEqualTo(to);
        }
        assertThat(lastOfFrom.path("id").asText()).isNotEqualTo(firstOfTo.path("id").asText());

        // the receipt moved too: the old user cannot claim it, and the next event is the new user's
        assertThat(api().postReceipt(from, sub).statusCode()).isEqualTo(409);
        buy(to, sub, product, run, "canceled", 1);
        assertThat(events(to).get(events(to).size() - 1).path("type").asText()).isEqualTo("EXPIRATION");
        assertThat(events(from)).hasSize(2);
    }

    @Test
    void aTransferIsRefusedClearlyWhenItCannotBeDone() {
        String run = run();
        String path = "/v1/admin/subscriptions/sub_" + run + "/transfer";
        assertThat(admin().post(path, "{\"to_app_user_id\":\"someone\"}").body()).contains("\"error\":\"not_found\"");
        assertThat(admin().post(path, "{\"to_app_user_id\":\"someone\"}").statusCode()).isEqualTo(404);
        assertThat(admin().post(path, "{}").statusCode()).isEqualTo(400);
        assertThat(admin().post(path, "{\"to_app_user_id\":42}").body()).contains("invalid_request");
        assertThat(admin().post("/v1/admin/subscriptions/cus_1/transfer", "{\"to_app_user_id\":\"x\"}").body())
                .contains("invalid_parameter");
        assertThat(api().post(path, "{\"to_app_user_id\":\"someone\"}").statusCode()).isEqualTo(403);
    }

    @Test
    void anErasedSubscriberIsGoneAndLaterEventsOfTheirSubscriptionPark() throws Exception {
        String run = run();
        String user = "user-erased-" + run;
        String sub = "sub_" + run;
        buy(user, sub, "prod_er_" + run, run, "active", 0);

        HttpResponse<String> erased = admin().send("DELETE", "/v1/admin/subscribers/" + user);

        assertThat(erased.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(erased.body());
        assertThat(answer.path("deleted").asBoolean()).isTrue();
        assertThat(answer.path("receipts").asInt()).isEqualTo(1);
        assertThat(answer.path("lifecycle_events").asInt()).isEqualTo(1);
        assertThat(subscriber(user).path("subscriptions").isEmpty()).isTrue();
        assertThat(subscriber(user).path("sequence").asInt()).isZero();
        assertThat(events(user)).isEmpty();
        assertThat(jdbc.queryForObject("""
                SELECT (SELECT count(*) FROM receipts WHERE app_user_id = ?) + (SELECT count(*) FROM subscriptions WHERE app_user_id = ?)
                     + (SELECT count(*) FROM lifecycle_events WHERE app_user_id = ?) + (SELECT count(*) FROM subscribers WHERE app_user_id = ?)
                     + (SELECT count(*) FROM inbox WHERE app_user_id = ?)""", Integer.class, user, user, user, user, user))
                .isZero();

        String later = "evt_" + run + "_later";
        long now = Instant.now().getEpochSecond();
        stripe().post(event(later, "customer.subscription.updated", now,
                subscription(sub, "cus_" + run, "prod_er_" + run, "active", now, now + 86_400, "")), SECRET);
        awaitProcessed(List.of(later));
        assertThat(inboxStatus(later)).isEqualTo("parked");
    }

    /** The user's subscription updated to {@code status}, {@code step} minutes after it was bought. */
    private void buy(String user, String sub, String product, String run, String status, int step) {
        long start = Instant.now().minus(1, ChronoUnit.DAYS).getEpochSecond();
        if (step == 0) {
            api().postReceipt(user, sub);
        }
        String id = "evt_" + run + "_" + step;
        stripe().post(event(id, step == 0 ? "customer.subscription.created" : "customer.subscription.deleted",
                start + 60L * step, subscription(sub, "cus_" + run, product, status, start, start + 30 * 86_400,
                        step == 0 ? "" : "\"ended_at\":" + (start + 60L * step))), SECRET);
        awaitProcessed(List.of(id));
    }

    private JsonNode subscriber(String user) throws Exception {
        return JSON.readTree(api().subscriber(user).body()).path("subscriber");
    }

    private JsonNode events(String user) throws Exception {
        return JSON.readTree(api().events(user, 0, 100).body()).path("events");
    }

    private SubscriberApi admin() {
        return new SubscriberApi(port, ADMIN_KEY);
    }

    private static String run() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
