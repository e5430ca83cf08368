package dev.subsync.state;

import dev.subsync.ordering.EventOrder;
import dev.subsync.stripe.SnapshotEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies one event to a subscription, given what was applied before. The resulting state is always
 * the fold of every known event in {@link EventOrder}, so it depends only on the set of events, never
 * on their arrival order:
 * <ul>
 *   <li>an event after everything applied so far is reduced into the current state (the common case);
 *   <li>an event at or before the last applied second is a late arrival: the history is replayed with
 *       it in its place. It is {@link Outcome#STALE} when a newer event of the same Stripe object was
 *       already applied; its snapshot then cannot roll that object back, as the newer one follows it.
 * </ul>
 * Lifecycle events are the difference between the previously published state and the new one.
 *
 * <p>When old events were pruned from the inbox, replays start from {@code base}, the fold of the pruned
 * events; an event older than the base cannot be put in its place any more and is recorded stale
 * without effect (Stripe stops retrying after 3 days, the inbox keeps 30 by default).
 */
public final class EventApplication {

    public enum Outcome { APPLIED, STALE }

    public record Result(SubscriptionState state, List<LifecycleEvent> lifecycle, Outcome outcome) {
    }

    private final SubscriptionStateMachine machine;

    public EventApplication(SubscriptionStateMachine machine) {
        this.machine = machine;
    }

    /** Whether applying {@code event} needs the subscription's history (a late or same-second arrival). */
    public static boolean needsHistory(SubscriptionState current, SnapshotEvent event) {
        return current != null && current.lastEventAt() != null
                && event.created() <= current.lastEventAt().getEpochSecond();
    }

    /**
     * @param current the published state, or null before the first event
     * @param history every event applied (or recorded stale) so far; read only when {@link #needsHistory}
     */
    public Result apply(String subscriptionId, String appUserId, SubscriptionState current,
            List<SnapshotEvent> history, SnapshotEvent event) {
        return apply(subscriptionId, appUserId, current, null, history, event);
    }

    /**
     * @param base the fold of events pruned from the inbox, or null when none were
     * @param history the retained events applied (or recorded stale) so far
     */
    public Result apply(String subscriptionId, String appUserId, SubscriptionState current, SubscriptionState base,
            List<SnapshotEvent> history, SnapshotEvent event) {
        SubscriptionState empty = SubscriptionState.empty(subscriptionId, appUserId);
        SubscriptionState before = current == null ? empty : current;
        if (!needsHistory(current, event)) {
            SubscriptionState after = machine.reduce(before, event);
            return new Result(after, machine.transitions(before, after, event), Outcome.APPLIED);
        }
        if (base != null && base.lastEventAt() != null && event.created() <= base.lastEventAt().getEpochSecond()) {
            return new Result(before, List.of(), Outcome.STALE);
        }
        List<SnapshotEvent> all = new ArrayList<>(history);
        all.add(event);
        List<SnapshotEvent> ordered = EventOrder.sort(all);
        SubscriptionState after = machine.fold(base == null ? empty : base.withAppUserId(appUserId),
                ordered);
        Outcome outcome = newerOfSameObjectApplied(ordered, event) ? Outcome.STALE : Outcome.APPLIED;
        return new Result(after, machine.transitions(before, after, event), outcome);
    }

    private static boolean newerOfSameObjectApplied(List<SnapshotEvent> ordered, SnapshotEvent event) {
        int position = -1;
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i).id().equals(event.id())) {
                position = i;
            }
        }
        for (int i = position + 1; i < ordered.size(); i++) {
            if (event.objectId() != null && Objects.equals(ordered.get(i).objectId(), event.objectId())) {
                return true;
            }
        }
        return false;
    }
}
