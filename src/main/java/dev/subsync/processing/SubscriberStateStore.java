package dev.subsync.processing;

import dev.subsync.state.EventApplication;
import dev.subsync.state.SubscriptionState;
import dev.subsync.state.SubscriptionStateMachine;
import dev.subsync.stripe.SnapshotEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies claimed inbox events to their subscriptions' state in PostgreSQL transactions, one event at
 * a time ({@link #apply}) or a claim's events together ({@link #applyTogether}): state, lifecycle
 * events (with their per-subscriber sequence) and the inbox rows' final status commit together or not
 * at all. Plain JDBC, so the routes need no transaction manager in any runtime.
 *
 * <p>Serialisation is in PostgreSQL, so several instances may apply events concurrently: an advisory
 * lock per subscription orders appliers, the subscriber row lock makes sequences gap-free, and one
 * global advisory lock taken just before the lifecycle rows are inserted makes the global cursor
 * commit in increasing order, so a reader paging by cursor never skips a row.
 */
public class SubscriberStateStore {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriberStateStore.class);

    private DataSource dataSource;
    private boolean refundRevokesAccess = true;
    private EventApplication application = new EventApplication(new SubscriptionStateMachine(true));

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setRefundRevokesAccess(boolean refundRevokesAccess) {
        this.refundRevokesAccess = refundRevokesAccess;
        this.application = new EventApplication(new SubscriptionStateMachine(refundRevokesAccess));
    }

    /**
     * @return {@code applied}, {@code stale}, {@code skipped} when another instance already finished
     *     the event (its claim had expired), or {@code requeued} when its receipt was removed meanwhile
     */
    public String apply(@Body SnapshotEvent event, @Variable("subscriptionId") String subscriptionId,
            @Variable("appUserId") String appUserId) throws SQLException {
        return Transactions.inTransaction(dataSource,
                connection -> applyClaimed(connection, List.of(new ClaimedEvent(event, subscriptionId, appUserId))))
                .get(0);
    }

    /**
     * What {@link #applyTogether} did: the outcome of each event it applied, or, when that failed, every
     * event, for the routes to apply one by one.
     */
    public record Together(List<String> outcomes, List<ClaimedEvent> left) {
    }

    /**
     * Applies the events a claim's routes chose to apply, in their order, in one transaction, so a busy
     * inbox costs one commit (one WAL flush) per claim rather than one per event. When anything fails,
     * nothing is kept and every event is left, for the routes to apply alone (with redelivery and the
     * dead-letter channel).
     */
    public Together applyTogether(@Body List<ClaimedEvent> events) {
        if (events.isEmpty()) {  // an idle poll: no transaction
            return new Together(List.of(), List.of());
        }
        try {
            return new Together(Transactions.inTransaction(dataSource, connection -> applyClaimed(connection, events)),
                    List.of());
        } catch (SQLException | RuntimeException e) {
            LOG.debug("applying {} events together failed, leaving them to be applied one by one: {}",
                    events.size(), e.toString());
            return new Together(List.of(), events);
        }
    }

    /**
     * Applies claimed events in order in the caller's transaction and returns each one's outcome:
     * {@code applied}, {@code stale}, or {@code skipped} when another instance already finished it (its
     * claim had expired).
     */
    private List<String> applyClaimed(Connection connection, List<ClaimedEvent> events) throws SQLException {
        Set<String> subscriptionIds = new TreeSet<>(events.stream().map(ClaimedEvent::subscriptionId).toList());
        // every lock up front, in one order: no deadlock with another claim, a transfer or an erasure
        Transactions.lockSubscriptions(connection, subscriptionIds);
        // read again under the locks: a transfer or an erasure may have committed since the routes read them
        Map<String, String> owners = SubscriberRows.receipts(connection, subscriptionIds);
        Set<String> stillClaimed = SubscriberRows.stillClaimed(connection, events);
        Map<String, SubscriptionState> states = SubscriberRows.currentStates(connection, subscriptionIds);
        Map<String, List<SnapshotEvent>> appliedHere = new HashMap<>();
        Map<String, String> appUserIds = new HashMap<>();
        List<String> outcomes = new ArrayList<>(events.size());
        List<SubscriberRows.Applied> finished = new ArrayList<>(events.size());
        List<String> requeued = new ArrayList<>();
        for (ClaimedEvent claimed : events) {
            SnapshotEvent event = claimed.event();
            if (!stillClaimed.contains(event.id())) {
                outcomes.add("skipped");
                continue;
            }
            String subscriptionId = claimed.subscriptionId();
            String appUserId = owners.get(subscriptionId);
            if (appUserId == null) {  // erased meanwhile: claimed again, the routes park it
                requeued.add(event.id());
                outcomes.add("requeued");
                continue;
            }
            SubscriptionState current = states.get(subscriptionId);
            List<SnapshotEvent> before = appliedHere.computeIfAbsent(subscriptionId, id -> new ArrayList<>());
            EventApplication.Result result;
            if (EventApplication.needsHistory(current, event)) {
                List<SnapshotEvent> history = new ArrayList<>(SubscriberRows.history(connection, subscriptionId, event.id()));
                history.addAll(before);  // this transaction's events are not marked applied yet
                String baseJson = SubscriberRows.baseState(connection, subscriptionId);
                SubscriptionState base = baseJson == null ? null : StateJson.read(baseJson, SubscriptionState.class);
                result = application.apply(subscriptionId, appUserId, current, base, history, event);
            } else {
                result = application.apply(subscriptionId, appUserId, current, null, List.of(), event);
            }
            states.put(subscriptionId, result.state());
            appUserIds.put(subscriptionId, appUserId);
            before.add(event);
            String outcome = outcomeName(result);
            outcomes.add(outcome);
            finished.add(new SubscriberRows.Applied(claimed, appUserId, outcome, result.lifecycle()));
        }
        SubscriberRows.saveStates(connection, appliedHere.keySet(), states, appUserIds);
        SubscriberRows.insertLifecycle(connection, finished);
        SubscriberRows.finishInboxRows(connection, finished);
        SubscriberRows.requeue(connection, requeued);
        return outcomes;
    }

    /** The outcome as the inbox status and the metric tag spell it. */
    private static String outcomeName(EventApplication.Result result) {
        return result.outcome().name().toLowerCase(java.util.Locale.ROOT);
    }
}
