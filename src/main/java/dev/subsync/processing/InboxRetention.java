package dev.subsync.processing;

import dev.subsync.ordering.EventOrder;
import dev.subsync.state.SubscriptionState;
import dev.subsync.state.SubscriptionStateMachine;
import dev.subsync.stripe.SnapshotEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.util.TimeUtils;

/**
 * Deletes applied and stale inbox events older than {@code subsync.inbox.retention} (30 days by
 * default, Stripe's own event retention), a subscription at a time in short transactions so ingest
 * is never blocked. What the pruned events contributed is folded into the subscription's
 * {@code base_state} first, under the same lock that applying takes, so replays stay exact. Parked,
 * dead-lettered and in-flight events are never pruned.
 */
public class InboxRetention {

    private static final String PRUNABLE_SUBSCRIPTIONS = """
            SELECT DISTINCT subscription_id FROM inbox
            WHERE status IN ('applied', 'stale') AND received_at < now() - CAST(? AS interval) AND subscription_id IS NOT NULL
            LIMIT ?""";
    private static final String PRUNABLE_EVENTS = """
            SELECT event_id, payload::text FROM inbox
            WHERE subscription_id = ? AND status IN ('applied', 'stale') AND received_at < now() - CAST(? AS interval)""";
    /** The fold of everything pruned so far; before the first pruning, who the subscription belongs to. */
    private static final String CURRENT_BASE = "SELECT coalesce(base_state, jsonb_build_object('subscription_id', "
            + "subscription_id, 'app_user_id', app_user_id))::text FROM subscriptions WHERE subscription_id = ?";
    private static final String SAVE_BASE = "UPDATE subscriptions SET base_state = CAST(? AS jsonb) WHERE subscription_id = ?";
    private static final String DELETE = "DELETE FROM inbox WHERE event_id = ANY(?)";

    private DataSource dataSource;
    private String retention = "30d";
    private SubscriptionStateMachine machine = new SubscriptionStateMachine(true);

    public void setRefundRevokesAccess(boolean refundRevokesAccess) {
        this.machine = new SubscriptionStateMachine(refundRevokesAccess);
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Camel's duration syntax ({@code 30d}, {@code 720h}). */
    public void setRetention(String retention) {
        this.retention = Duration.ofMillis(TimeUtils.toMilliSeconds(retention)).toSeconds() + " seconds";
    }

    /** Prunes up to {@code subscriptions} subscriptions' old events; returns how many events were deleted. */
    public int prune(int subscriptions) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(PRUNABLE_SUBSCRIPTIONS)) {
            select.setString(1, retention);
            select.setInt(2, subscriptions);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        int deleted = 0;
        for (String subscriptionId : ids) {
            deleted += pruneSubscription(subscriptionId);
        }
        return deleted;
    }

    private int pruneSubscription(String subscriptionId) throws SQLException {
        return Transactions.inTransaction(dataSource, connection -> {
            Transactions.lockSubscription(connection, subscriptionId);
            List<String> eventIds = new ArrayList<>();
            List<SnapshotEvent> events = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(PRUNABLE_EVENTS)) {
                select.setString(1, subscriptionId);
                select.setString(2, retention);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        eventIds.add(rs.getString(1));
                        events.add(SnapshotEvent.parse(rs.getString(2)));
                    }
                }
            }
            String baseJson = Transactions.queryString(connection, CURRENT_BASE, subscriptionId);
            if (baseJson == null || events.isEmpty()) {
                return 0;
            }
            SubscriptionState base = machine.fold(StateJson.read(baseJson, SubscriptionState.class),
                    EventOrder.sort(events));
            try (PreparedStatement save = connection.prepareStatement(SAVE_BASE);
                    PreparedStatement delete = connection.prepareStatement(DELETE)) {
                save.setString(1, StateJson.write(base));
                save.setString(2, subscriptionId);
                save.executeUpdate();
                delete.setArray(1, connection.createArrayOf("text", eventIds.toArray()));
                delete.executeUpdate();
            }
            return eventIds.size();
        });
    }

}
