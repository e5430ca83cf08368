package dev.subsync.processing;

import dev.subsync.ordering.EventOrder;
import dev.subsync.stripe.SnapshotEvent;
import java.util.List;
import java.util.Map;

/** Inbox rows as the processing routes see them. */
public class InboxEvents {

    /** Claimed rows ({@code payload} as JSON text), parsed and put in {@link EventOrder}: the resequencer. */
    public List<SnapshotEvent> inOrder(List<Map<String, Object>> rows) {
        return EventOrder.sort(rows.stream().map(InboxEvents::read).toList());
    }

    /**
     * The same, grouped by customer (the unit claims are made in): groups can be applied in parallel,
     * each group's events one after another in order.
     */
    public List<List<SnapshotEvent>> inOrderByCustomer(List<Map<String, Object>> rows) {
        Map<String, List<SnapshotEvent>> byCustomer = new java.util.LinkedHashMap<>();
        for (SnapshotEvent event : inOrder(rows)) {
            String key = event.customerId() != null ? event.customerId()
                    : event.objectId() != null ? event.objectId() : event.id();
            byCustomer.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(event);
        }
        return List.copyOf(byCustomer.values());
    }

    public static SnapshotEvent read(Map<String, Object> row) {
        return SnapshotEvent.parse(String.valueOf(row.get("payload")));
    }
}
