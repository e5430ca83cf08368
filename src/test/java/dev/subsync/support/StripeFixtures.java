package dev.subsync.support;

import java.time.Instant;
import java.util.UUID;

/** Stripe-shaped event payloads for tests, with ids unique per test run. */
public final class StripeFixtures {

    private StripeFixtures() {
    }

    public static String uniqueEventId() {
        return "evt_test" + UUID.randomUUID().toString().replace("-", "");
    }

    public static String subscriptionEvent(String eventId, String type, String subscriptionId) {
        return event(eventId, type, Instant.now().getEpochSecond(), """
                {"id":"%s","object":"subscription","status":"active","customer":"cus_test"}"""
                .formatted(subscriptionId));
    }

    /**
     * A subscription object (basil shape: the period on its item) with a priced product; {@code more} is
     * extra top-level fields, such as {@code "cancel_at_period_end":true}, or empty.
     */
    public static String subscription(String id, String customer, String product, String status, long periodStart,
            long periodEnd, String more) {
        return """
                {"id":"%s","object":"subscription","customer":"%s","status":"%s","start_date":%d,
                 "latest_invoice":"in_%s_%d","cancel_at_period_end":false%s,
                 "items":{"object":"list","data":[{"id":"si_%s","quantity":1,
                   "price":{"id":"price_%s","product":"%s","unit_amount":999,"currency":"usd"},
                   "current_period_start":%d,"current_period_end":%d}]}}"""
                .formatted(id, customer, status, periodStart, id, periodStart, more.isEmpty() ? "" : "," + more,
                        id, product, product, periodStart, periodEnd);
    }

    /** A pretty-printed snapshot event, the way Stripe sends it. */
    public static String event(String eventId, String type, long created, String objectJson) {
        return """
                {
                  "id": "%s",
                  "object": "event",
                  "api_version": "2025-03-31.basil",
                  "created": %d,
                  "data": {
                    "object": %s
                  },
                  "livemode": false,
                  "pending_webhooks": 1,
                  "request": {"id": null, "idempotency_key": null},
                  "type": "%s"
                }
                """.formatted(eventId, created, objectJson, type);
    }
}
