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

    public static SnapshotEvent read(Map<String, Object> row) {
        return SnapshotEvent.parse(String.valueOf(row.get("payload")));
    }
}
