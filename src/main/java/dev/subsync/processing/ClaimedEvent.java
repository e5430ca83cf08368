package dev.subsync.processing;

import dev.subsync.stripe.SnapshotEvent;

/**
 * An event on its way through event-processor, with what its enrichment steps found: its subscription
 * (from the payload, or Stripe's links for a charge) and the app user of that subscription's receipt.
 */
public final class ClaimedEvent {

    private final SnapshotEvent event;
    private String subscriptionId;
    private String appUserId;

    public ClaimedEvent(SnapshotEvent event, String subscriptionId, String appUserId) {
        this.event = event;
        this.subscriptionId = subscriptionId;
        this.appUserId = appUserId;
    }

    public SnapshotEvent event() {
        return event;
    }

    public String subscriptionId() {
        return subscriptionId;
    }

    public String appUserId() {
        return appUserId;
    }

    void setSubscriptionId(String subscriptionId) {
        this.subscriptionId = subscriptionId;
    }

    void setAppUserId(String appUserId) {
        this.appUserId = appUserId;
    }
}
