package dev.subsync.support;

import static dev.subsync.support.StripeFixtures.event;
import static dev.subsync.support.StripeFixtures.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A new subscriber with three lifecycle events, INITIAL_PURCHASE, CANCELLATION and EXPIRATION, through a
 * running instance: its receipt, then Stripe's three webhooks, until the events are in PostgreSQL.
 */
public final class ThreeLifecycleEvents {

    private final int port;
    private final String stripeSecret;
    private final String apiKey;
    private final JdbcTemplate jdbc;

    public ThreeLifecycleEvents(int port, String stripeSecret, String apiKey, JdbcTemplate jdbc) {
        this.port = port;
        this.stripeSecret = stripeSecret;
        this.apiKey = apiKey;
        this.jdbc = jdbc;
    }

    /** For a new app user; returns their id. */
    public String forNewSubscriber() {
        return forSubscriber("user-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    /** For {@code user} ({@code user-} and a unique run), whose subscription is {@code sub_<run>}. */
    public String forSubscriber(String user) {
        String run = user.substring("user-".length());
        String sub = "sub_" + run;
        long start = Instant.now().minusSeconds(3600).getEpochSecond();
        long end = start + 30 * 86_400;
        assertThat(new SubscriberApi(port, apiKey).postReceipt(user, sub).statusCode()).isEqualTo(201);
        SignedDelivery stripe = new SignedDelivery(port);
        List<String> ids = List.of("evt_" + run + "_1", "evt_" + run + "_2", "evt_" + run + "_3");
        stripe.post(event(ids.get(0), "customer.subscription.created", start,
                subscription(sub, "cus_" + run, "prod_push", "active", start, end, "")), stripeSecret);
        stripe.post(event(ids.get(1), "customer.subscription.updated", start + 60,
                subscription(sub, "cus_" + run, "prod_push", "active", start, end,
                        "\"cancel_at_period_end\":true,\"canceled_at\":" + (start + 60)).replace("\"cancel_at_period_end\":false,", "")),
                stripeSecret);
        stripe.post(event(ids.get(2), "customer.subscription.deleted", start + 120,
                subscription(sub, "cus_" + run, "prod_push", "canceled", start, end,
                        "\"canceled_at\":" + (start + 60) + ",\"ended_at\":" + (start + 120))), stripeSecret);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM lifecycle_events WHERE app_user_id = ?", Integer.class, user) == 3);
        return user;
    }
}
