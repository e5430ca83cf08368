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
