package dev.subsync.processing;

import dev.subsync.stripe.SnapshotEvent;

/** A claimed event with what the routes' enrichment found: its subscription and the app user of its receipt. */
public record EventToApply(SnapshotEvent event, String subscriptionId, String appUserId) {
}
