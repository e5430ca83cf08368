package dev.subsync.processing;

import dev.subsync.ordering.EventOrder;
import dev.subsync.stripe.SnapshotEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** Inbox rows and claims as the processing routes see them; computes only, reads and writes nothing. */
public class InboxEvents {

    /** Claimed rows ({@code payload} as JSON text), parsed and put in {@link EventOrder}: the resequencer. */
    public List<SnapshotEvent> inOrder(List<Map<String, Object>> rows) {
        return EventOrder.sort(rows.stream().map(InboxEvents::read).toList());
    }

    public static SnapshotEvent read(Map<String, Object> row) {
        return SnapshotEvent.parse(String.valueOf(row.get("payload")));
    }

    /** The subscriptions the events name, comma-separated (Stripe ids hold no comma), for one query. */
    public String subscriptionIds(List<SnapshotEvent> events) {
        return events.stream().map(SnapshotEvent::subscriptionId).filter(Objects::nonNull).distinct()
                .collect(Collectors.joining(","));
    }

    /** Rows of {@code subscription_id, app_user_id} as a map that keeps subscriptions without a receipt (null). */
    public Map<String, String> bySubscription(List<Map<String, Object>> rows) {
        Map<String, String> appUserIds = new HashMap<>();
        for (Map<String, Object> row : rows) {
            Object appUserId = row.get("app_user_id");
            appUserIds.put(String.valueOf(row.get("subscription_id")), appUserId == null ? null : appUserId.toString());
        }
        return appUserIds;
    }

    /** What a receipt lookup found, so the subscription's later events of the same claim decide alike. */
    public void remember(Map<String, String> receipts, String subscriptionId, String appUserId) {
        if (receipts != null) {
            receipts.put(subscriptionId, appUserId);
        }
    }

    /** An empty list of the events a claim applies together. */
    public List<EventToApply> newClaim() {
        return new ArrayList<>();
    }

    /** Adds an event, with what enrichment found, to its claim's events to apply, in the order they come. */
    public void addTo(List<EventToApply> claim, SnapshotEvent event, String subscriptionId, String appUserId) {
        claim.add(new EventToApply(event, subscriptionId, appUserId));
    }
}
