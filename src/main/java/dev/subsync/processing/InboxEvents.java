package dev.subsync.processing;

import dev.subsync.ordering.EventOrder;
import dev.subsync.stripe.SnapshotEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.apache.camel.Variable;

/**
 * Inbox rows and the events event-processor takes through its steps; computes only, reads and writes
 * nothing. Lists keep the order they are given in.
 */
public class InboxEvents {

    /** Claimed rows ({@code payload} as JSON text), parsed and put in {@link EventOrder}: the resequencer. */
    public List<SnapshotEvent> inOrder(List<Map<String, Object>> rows) {
        return EventOrder.sort(rows.stream().map(InboxEvents::read).toList());
    }

    public static SnapshotEvent read(Map<String, Object> row) {
        return SnapshotEvent.parse(String.valueOf(row.get("payload")));
    }

    /** The events with the subscription their payload names (none for a charge or an invoice payment). */
    public List<ClaimedEvent> claimed(List<SnapshotEvent> events) {
        return events.stream().map(event -> new ClaimedEvent(event, event.subscriptionId(), null)).toList();
    }

    public List<ClaimedEvent> withoutSubscription(List<ClaimedEvent> events) {
        return events.stream().filter(e -> e.subscriptionId() == null).toList();
    }

    /** What Stripe's links found for a charge. */
    public void link(@Body ClaimedEvent charge, @Variable("subscriptionId") String subscriptionId) {
        charge.setSubscriptionId(subscriptionId);
    }

    /** The subscriptions of the events, comma-separated (Stripe ids hold no comma), for one query. */
    public String subscriptionIds(List<ClaimedEvent> events) {
        return events.stream().map(ClaimedEvent::subscriptionId).filter(Objects::nonNull).distinct()
                .collect(Collectors.joining(","));
    }

    /** Sets each event's app user from rows of {@code subscription_id, app_user_id} (null: no receipt). */
    public void withReceipts(@Body List<ClaimedEvent> events, @Variable("receipts") List<Map<String, Object>> rows) {
        Map<String, String> appUserIds = new HashMap<>();
        for (Map<String, Object> row : rows) {
            Object appUserId = row.get("app_user_id");
            appUserIds.put(String.valueOf(row.get("subscription_id")), appUserId == null ? null : appUserId.toString());
        }
        events.forEach(e -> e.setAppUserId(e.subscriptionId() == null ? null : appUserIds.get(e.subscriptionId())));
    }

    /** Events of a subscription without a receipt: all of a subscription's events of one list alike. */
    public List<ClaimedEvent> withoutReceipt(List<ClaimedEvent> events) {
        return events.stream().filter(e -> e.subscriptionId() != null && e.appUserId() == null).toList();
    }

    /** Events to apply: linked to a subscription whose receipt is stored (a charge not linked was dead-lettered). */
    public List<ClaimedEvent> withReceipt(List<ClaimedEvent> events) {
        return events.stream().filter(e -> e.subscriptionId() != null && e.appUserId() != null).toList();
    }
}
