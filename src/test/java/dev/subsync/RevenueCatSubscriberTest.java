package dev.subsync;

import static dev.subsync.support.StripeFixtures.event;
import static dev.subsync.support.StripeFixtures.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.support.SubsyncTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * GET /v1/subscribers/{app_user_id} answers RevenueCat's v1 subscriber JSON, so a client written for
 * RevenueCat reads it unchanged, with subsync's own fields beside RevenueCat's.
 */
class RevenueCatSubscriberTest extends SubsyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSubscriberReadsAsRevenueCatsWithSubsyncsOwnFieldsBeside() throws Exception {
        Purchase p = purchase("active");
        String user = p.user();
        String sub = p.sub();
        String product = p.product();
        long start = p.start();
        long end = p.end();

        JsonNode answer = JSON.readTree(api().subscriber(user).body());

        assertThat(answer.path("request_date").asText()).endsWith("Z");
        assertThat(Instant.parse(answer.path("request_date").asText()).getEpochSecond())
                .isEqualTo(answer.path("request_date_ms").asLong() / 1000);
        JsonNode subscriber = answer.path("subscriber");
        assertThat(subscriber.path("original_app_user_id").asText()).isEqualTo(user);
        assertThat(subscriber.path("first_seen").asText()).endsWith("Z");
        assertThat(subscriber.path("last_seen").asText()).endsWith("Z");
        assertThat(subscriber.path("sequence").asInt()).isEqualTo(1);
        assertThat(subscriber.path("non_subscriptions").isObject()).isTrue();

        String expires = Instant.ofEpochSecond(end).toString();
        String purchased = Instant.ofEpochSecond(start).toString();
        // an unconfigured product grants an entitlement named after it
        JsonNode entitlement = subscriber.path("entitlements").path(product);
        assertThat(entitlement.path("expires_date").asText()).isEqualTo(expires);
        assertThat(entitlement.path("purchase_date").asText()).isEqualTo(purchased);
        assertThat(entitlement.path("product_identifier").asText()).isEqualTo(product);
        assertThat(entitlement.path("grace_period_expires_date").isNull()).isTrue();

        JsonNode subscription = subscriber.path("subscriptions").path(product);
        assertThat(subscription.path("expires_date").asText()).isEqualTo(expires);
        assertThat(subscription.path("purchase_date").asText()).isEqualTo(purchased);
        assertThat(subscription.path("original_purchase_date").asText()).isEqualTo(purchased);
        assertThat(subscription.path("period_type").asText()).isEqualTo("normal");
        assertThat(subscription.path("store").asText()).isEqualTo("stripe");
        assertThat(subscription.path("is_sandbox").asBoolean()).isTrue();   // livemode false
        assertThat(subscription.path("ownership_type").asText()).isEqualTo("PURCHASED");
        assertThat(subscription.path("store_transaction_id").asText()).isEqualTo("in_" + sub + "_" + start);
        assertThat(subscription.has("unsubscribe_detected_at")).isTrue();
        assertThat(subscription.has("billing_issues_detected_at")).isTrue();
        assertThat(subscription.has("refunded_at")).isTrue();
        // subsync's own fields, under names RevenueCat does not use
        assertThat(subscription.path("subscription_id").asText()).isEqualTo(sub);
        assertThat(subscription.path("status").asText()).isEqualTo("active");
        assertThat(subscription.path("is_active").asBoolean()).isTrue();
        assertThat(subscription.path("will_renew").asBoolean()).isTrue();
        assertThat(subscription.path("current_period_end").asText()).isEqualTo(expires);
    }

    @Test
    void aPastDueSubscriptionShowsItsGracePeriodAndTheBillingIssue() throws Exception {
        Purchase p = purchase("active", "past_due");
        String user = p.user();
        String product = p.product();
        long start = p.start();
        long end = p.end();

        JsonNode subscriber = JSON.readTree(api().subscriber(user).body()).path("subscriber");

        String graceEnd = Instant.ofEpochSecond(end).toString();
        assertThat(subscriber.path("subscriptions").path(product).path("grace_period_expires_date").asText())
                .isEqualTo(graceEnd);
        assertThat(subscriber.path("subscriptions").path(product).path("billing_issues_detected_at").asText())
                .isEqualTo(Instant.ofEpochSecond(start + 60).toString());
        assertThat(subscriber.path("entitlements").path(product).path("grace_period_expires_date").asText())
                .isEqualTo(graceEnd);
        JsonNode billingIssue = JSON.readTree(api().events(user, 1, 10).body()).path("events").path(0);
        assertThat(billingIssue.path("type").asText()).isEqualTo("BILLING_ISSUE");
        assertThat(billingIssue.path("grace_period_expiration_at_ms").asLong()).isEqualTo(end * 1000);
    }

    private record Purchase(String user, String sub, String product, long start, long end) {
    }

    /** A subscription bought two days ago for a month, then updated to each of {@code statuses}, a minute apart. */
    private Purchase purchase(String... statuses) {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        long start = Instant.now().minus(2, ChronoUnit.DAYS).getEpochSecond();
        Purchase p = new Purchase("user-" + run, "sub_" + run, "prod_rc_" + run, start, start + 30 * 86_400);
        api().postReceipt(p.user(), p.sub());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            String id = "evt_" + run + "_" + i;
            stripe().post(event(id, i == 0 ? "customer.subscription.created" : "customer.subscription.updated",
                    p.start() + 60L * i, subscription(p.sub(), "cus_" + run, p.product(), statuses[i], p.start(), p.end(), "")),
                    SECRET);
            ids.add(id);
        }
        awaitProcessed(ids);
        return p;
    }
}
