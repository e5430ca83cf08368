package dev.subsync.processing;

import dev.subsync.state.EventApplication;
import dev.subsync.state.LifecycleEvent;
import dev.subsync.state.SubscriptionState;
import dev.subsync.state.SubscriptionStateMachine;
import dev.subsync.state.SubscriptionSummary;
import dev.subsync.stripe.SnapshotEvent;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
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

    private static final String CURRENT_STATES =
            "SELECT subscription_id, state::text FROM subscriptions WHERE subscription_id = ANY(?)";
    private static final String STILL_CLAIMED =
            "SELECT event_id FROM inbox WHERE event_id = ANY(?) AND status = 'processing' FOR UPDATE";
    private static final String BASE_STATE = "SELECT base_state::text FROM subscriptions WHERE subscription_id = ?";
    private static final String HISTORY = "SELECT payload::text FROM inbox "
            + "WHERE subscription_id = ? AND status IN ('applied', 'stale') AND event_id <> ?";
    private static final String SAVE_STATE = """
            INSERT INTO subscriptions (subscription_id, app_user_id, state, summary, last_event_id, last_event_created)
            VALUES (?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?)
            ON CONFLICT (subscription_id) DO UPDATE SET app_user_id = EXCLUDED.app_user_id, state = EXCLUDED.state,
                summary = EXCLUDED.summary, last_event_id = EXCLUDED.last_event_id,
                last_event_created = EXCLUDED.last_event_created, updated_at = now()""";
    private static final String RECEIPTS = "SELECT fetch_token, app_user_id FROM receipts WHERE fetch_token = ANY(?)";
    /** One statement for a claim's rows: 500 single-row updates took 15 % of PostgreSQL's statement time. */
    private static final String FINISH_INBOX_ROWS = """
            UPDATE inbox SET status = f.status, subscription_id = f.subscription_id, app_user_id = f.app_user_id,
                processed_at = now(), claimed_until = NULL, claimed_by = NULL, parked_at = NULL
            FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]))
                AS f(event_id, status, subscription_id, app_user_id)
            WHERE inbox.event_id = f.event_id""";

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
     * @return {@code applied}, {@code stale}, or {@code skipped} when another instance already finished
     *     the event (its claim had expired)
     */
    public String apply(@Body SnapshotEvent event, @Variable("subscriptionId") String subscriptionId,
            @Variable("appUserId") String appUserId) throws SQLException {
        return Transactions.inTransaction(dataSource,
                connection -> applyClaimed(connection, List.of(new Enriched(event, subscriptionId, appUserId))))
                .get(0);
    }

    /**
     * What {@link #applyTogether} did: the outcome of each event it applied, and the events it left, in
     * order, for {@code event-processor} to take one by one.
     */
    public record Together(List<String> outcomes, List<SnapshotEvent> left) {
    }

    /**
     * The fast path for a claim: applies resequenced events in one transaction, so a busy inbox costs one
     * commit (one WAL flush) per claim rather than one per event. It applies only what needs no decision
     * of the routes: events that name their subscription, whose receipt is stored. From a customer's
     * first other event on (a charge whose subscription must be found, an event to park), that
     * customer's events are left, so each customer's events are still applied in order. When anything
     * fails, nothing is kept and every event is left: event-processor then parks, redelivers or
     * dead-letters each one as it always does.
     */
    public Together applyTogether(@Body List<SnapshotEvent> events) {
        if (events.isEmpty()) {  // an idle poll: no transaction
            return new Together(List.of(), List.of());
        }
        try {
            return Transactions.inTransaction(dataSource, connection -> applyTogether(connection, events));
        } catch (SQLException | RuntimeException e) {
            LOG.debug("applying {} events together failed, leaving them to be applied one by one: {}",
                    events.size(), e.toString());
            return new Together(List.of(), events);
        }
    }

    private Together applyTogether(Connection connection, List<SnapshotEvent> events) throws SQLException {
        // locked before the receipts are read: a transfer or an erasure cannot change them meanwhile
        Transactions.lockSubscriptions(connection, new TreeSet<>(events.stream()
                .map(SnapshotEvent::subscriptionId).filter(Objects::nonNull).toList()));
        Map<String, String> appUserIds = receipts(connection, events);
        List<SnapshotEvent> applicable = new ArrayList<>();
        List<SnapshotEvent> left = new ArrayList<>();
        Set<String> customersLeft = new HashSet<>();
        for (SnapshotEvent event : events) {
            String customer = customerOf(event);
            if (customersLeft.contains(customer) || !appUserIds.containsKey(event.subscriptionId())) {
                customersLeft.add(customer);
                left.add(event);
            } else {
                applicable.add(event);
            }
        }
        List<Enriched> enriched = applicable.stream()
                .map(event -> new Enriched(event, event.subscriptionId(), appUserIds.get(event.subscriptionId())))
                .toList();
        return new Together(enriched.isEmpty() ? List.of() : applyClaimed(connection, enriched), left);
    }

    /** A claimed event with what enrichment found: its subscription and the app user of its receipt. */
    private record Enriched(SnapshotEvent event, String subscriptionId, String appUserId) {
    }

    /**
     * Applies claimed events in order in the caller's transaction and returns each one's outcome:
     * {@code applied}, {@code stale}, or {@code skipped} when another instance already finished it (its
     * claim had expired).
     */
    private List<String> applyClaimed(Connection connection, List<Enriched> events) throws SQLException {
        Set<String> subscriptionIds = new TreeSet<>(events.stream().map(Enriched::subscriptionId).toList());
        // every lock up front, in one order: no deadlock with another claim or a single-event transaction
        Transactions.lockSubscriptions(connection, subscriptionIds);
        Set<String> stillClaimed = stillClaimed(connection, events);
        Map<String, SubscriptionState> states = currentStates(connection, subscriptionIds);
        Map<String, List<SnapshotEvent>> appliedHere = new HashMap<>();
        Map<String, String> appUserIds = new HashMap<>();
        List<String> outcomes = new ArrayList<>(events.size());
        List<Finished> finished = new ArrayList<>(events.size());
        for (Enriched claimed : events) {
            SnapshotEvent event = claimed.event();
            if (!stillClaimed.contains(event.id())) {
                outcomes.add("skipped");
                continue;
            }
            String subscriptionId = claimed.subscriptionId();
            String appUserId = claimed.appUserId();
            SubscriptionState current = states.get(subscriptionId);
            List<SnapshotEvent> before = appliedHere.computeIfAbsent(subscriptionId, id -> new ArrayList<>());
            EventApplication.Result result;
            if (EventApplication.needsHistory(current, event)) {
                List<SnapshotEvent> history = new ArrayList<>(history(connection, subscriptionId, event.id()));
                history.addAll(before);  // this transaction's events are not marked applied yet
                String baseJson = Transactions.queryString(connection, BASE_STATE, subscriptionId);
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
            finished.add(new Finished(claimed, outcome, result.lifecycle()));
        }
        saveStates(connection, appliedHere.keySet(), states, appUserIds);
        insertLifecycle(connection, finished);
        finishInboxRows(connection, finished);
        return outcomes;
    }

    /** An applied event, waiting for its rows to be written. */
    private record Finished(Enriched claimed, String outcome, List<LifecycleEvent> lifecycle) {
    }

    private static Set<String> stillClaimed(Connection connection, List<Enriched> events) throws SQLException {
        Set<String> claimed = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(STILL_CLAIMED)) {
            select.setArray(1, connection.createArrayOf("text", events.stream().map(e -> e.event().id()).toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    claimed.add(rs.getString(1));
                }
            }
        }
        return claimed;
    }

    private static Map<String, SubscriptionState> currentStates(Connection connection, Set<String> subscriptionIds)
            throws SQLException {
        Map<String, SubscriptionState> states = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(CURRENT_STATES)) {
            select.setArray(1, connection.createArrayOf("text", subscriptionIds.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), StateJson.read(rs.getString(2), SubscriptionState.class));
                }
            }
        }
        return states;
    }

    private static void saveStates(Connection connection, Set<String> subscriptionIds,
            Map<String, SubscriptionState> states, Map<String, String> appUserIds) throws SQLException {
        try (PreparedStatement save = connection.prepareStatement(SAVE_STATE)) {
            for (String subscriptionId : new TreeSet<>(subscriptionIds)) {
                bindState(save, subscriptionId, appUserIds.get(subscriptionId), states.get(subscriptionId));
                save.addBatch();
            }
            save.executeBatch();
        }
    }

    /** Lifecycle rows in event order. */
    private static void insertLifecycle(Connection connection, List<Finished> finished) throws SQLException {
        List<LifecycleRows.Row> rows = new ArrayList<>();
        for (Finished f : finished) {
            for (LifecycleEvent event : f.lifecycle()) {
                rows.add(new LifecycleRows.Row(f.claimed().appUserId(), f.claimed().subscriptionId(), event));
            }
        }
        LifecycleRows.insert(connection, rows);
    }

    private static void finishInboxRows(Connection connection, List<Finished> finished) throws SQLException {
        if (finished.isEmpty()) {
            return;
        }
        try (PreparedStatement finish = connection.prepareStatement(FINISH_INBOX_ROWS)) {
            finish.setArray(1, textArray(connection, finished, f -> f.claimed().event().id()));
            finish.setArray(2, textArray(connection, finished, Finished::outcome));
            finish.setArray(3, textArray(connection, finished, f -> f.claimed().subscriptionId()));
            finish.setArray(4, textArray(connection, finished, f -> f.claimed().appUserId()));
            finish.executeUpdate();
        }
    }

    private static Array textArray(Connection connection, List<Finished> finished,
            Function<Finished, String> column) throws SQLException {
        return connection.createArrayOf("text", finished.stream().map(column).toArray());
    }

    /**
     * Whose order an event left for later holds back: its customer, since a subscription's events and
     * its charges share it (the claim takes whole customers too); without one, its subscription.
     */
    private static String customerOf(SnapshotEvent event) {
        if (event.customerId() != null) {
            return event.customerId();
        }
        return event.subscriptionId() != null ? event.subscriptionId() : event.id();
    }

    private static Map<String, String> receipts(Connection connection, List<SnapshotEvent> events)
            throws SQLException {
        Object[] subscriptionIds = events.stream().map(SnapshotEvent::subscriptionId).filter(Objects::nonNull)
                .distinct().toArray();
        Map<String, String> appUserIds = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(RECEIPTS)) {
            select.setArray(1, connection.createArrayOf("text", subscriptionIds));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    appUserIds.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return appUserIds;
    }

    /** The outcome as the inbox status and the metric tag spell it. */
    private static String outcomeName(EventApplication.Result result) {
        return result.outcome().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void bindState(PreparedStatement save, String subscriptionId, String appUserId,
            SubscriptionState state) throws SQLException {
        save.setString(1, subscriptionId);
        save.setString(2, appUserId);
        save.setString(3, StateJson.write(state));
        save.setString(4, StateJson.write(SubscriptionSummary.of(state)));
        save.setString(5, state.lastEventId());
        save.setTimestamp(6, Timestamp.from(state.lastEventAt()));
    }

    private static List<SnapshotEvent> history(Connection connection, String subscriptionId, String exceptEventId)
            throws SQLException {
        List<SnapshotEvent> history = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(HISTORY)) {
            select.setString(1, subscriptionId);
            select.setString(2, exceptEventId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    history.add(SnapshotEvent.parse(rs.getString(1)));
                }
            }
        }
        return history;
    }


}
