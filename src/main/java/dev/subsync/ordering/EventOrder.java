package dev.subsync.ordering;

import dev.subsync.stripe.SnapshotEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The order subsync applies events in: ascending Stripe {@code created}, then, within one second, what
 * the data proves, then the event id.
 *
 * <p>Stripe's {@code created} has one-second resolution and one API call often emits several events of
 * one object in the same second; event ids carry no order. Within a second an event comes after
 * another event of the same object when its {@code previous_attributes} are that event's snapshot,
 * when it is the object's {@code *.created} event's successor or {@code *.deleted} event, when it
 * moves to a terminal status from a non-terminal one, or when it is an invoice with a higher
 * {@code attempt_count}. These rules are pairwise, so each second is topologically sorted with the
 * smallest id first among free events: the result depends only on the set of events, never on their
 * arrival order.
 */
public final class EventOrder {

    private static final Set<String> TERMINAL_STATUSES =
            Set.of("canceled", "incomplete_expired", "paid", "void", "uncollectible");

    private EventOrder() {
    }

    /** Sorts and de-duplicates (by event id) a set of events. */
    public static List<SnapshotEvent> sort(Collection<SnapshotEvent> events) {
        Map<String, SnapshotEvent> unique = new LinkedHashMap<>();
        events.forEach(event -> unique.putIfAbsent(event.id(), event));
        TreeMap<Long, List<SnapshotEvent>> bySecond = new TreeMap<>();
        unique.values().forEach(event -> bySecond.computeIfAbsent(event.created(), s -> new ArrayList<>()).add(event));
        List<SnapshotEvent> ordered = new ArrayList<>(unique.size());
        bySecond.values().forEach(second -> ordered.addAll(sortWithinSecond(second)));
        return ordered;
    }

    /** True when {@code later} must be applied after {@code earlier}, both of the same object and second. */
    static boolean provablyAfter(SnapshotEvent later, SnapshotEvent earlier) {
        if (later.objectId() == null || !Objects.equals(later.objectId(), earlier.objectId())) {
            return false;
        }
        if (later.changesAwayFrom(earlier)) {
            return true;
        }
        if (earlier.changesAwayFrom(later)) {
            return false;
        }
        int byType = Integer.compare(typeRank(later), typeRank(earlier));
        if (byType != 0) {
            return byType > 0;
        }
        boolean laterTerminal = TERMINAL_STATUSES.contains(later.status());
        boolean earlierTerminal = TERMINAL_STATUSES.contains(earlier.status());
        if (laterTerminal != earlierTerminal) {
            return laterTerminal;
        }
        return later.isInvoice() && later.attemptCount() > earlier.attemptCount();
    }

    private static List<SnapshotEvent> sortWithinSecond(List<SnapshotEvent> second) {
        if (second.size() == 1) {
            return second;
        }
        Map<String, Set<String>> mustFollow = new TreeMap<>();
        Map<String, SnapshotEvent> byId = new TreeMap<>();
        for (SnapshotEvent event : second) {
            byId.put(event.id(), event);
            mustFollow.put(event.id(), new TreeSet<>());
        }
        for (SnapshotEvent a : second) {
            for (SnapshotEvent b : second) {
                if (a != b && provablyAfter(a, b)) {
                    mustFollow.get(a.id()).add(b.id());
                }
            }
        }
        List<SnapshotEvent> ordered = new ArrayList<>(second.size());
        TreeSet<String> remaining = new TreeSet<>(byId.keySet());
        while (!remaining.isEmpty()) {
            String next = remaining.stream()
                    .filter(id -> mustFollow.get(id).stream().noneMatch(remaining::contains))
                    .findFirst()
                    // contradictory evidence (a cycle): fall back to the smallest id
                    .orElse(remaining.first());
            remaining.remove(next);
            ordered.add(byId.get(next));
        }
        return ordered;
    }

    private static int typeRank(SnapshotEvent event) {
        if (event.type().endsWith(".created")) {
            return 0;
        }
        return event.type().endsWith(".deleted") ? 2 : 1;
    }
}
