package dev.subsync.processing;

import dev.subsync.http.Rejection;
import dev.subsync.http.RequestRejectedException;
import dev.subsync.state.LifecycleEvent;
import dev.subsync.state.LifecycleType;
import dev.subsync.state.SubscriptionState;
import dev.subsync.state.SubscriptionSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Variable;

/**
 * Moves a subscription, with its receipt, to another app user in one transaction, under the
 * subscription's lock (so no event is applied to it meanwhile): each user gets a TRANSFER lifecycle
 * event in their own sequence, and both users' entitlements follow, since they are derived from the
 * subscriptions each user holds.
 */
public class SubscriptionTransfers {

    private static final String RECEIPT_OWNER = "SELECT app_user_id FROM receipts WHERE fetch_token = ? FOR UPDATE";
    private static final String MOVE_RECEIPT = "UPDATE receipts SET app_user_id = ? WHERE fetch_token = ?";
    private static final String MOVE_INBOX_ROWS = "UPDATE inbox SET app_user_id = ? WHERE subscription_id = ?";
    private static final String STATE = "SELECT state::text FROM subscriptions WHERE subscription_id = ?";
    private static final String MOVE_STATE = """
            UPDATE subscriptions SET app_user_id = ?, state = CAST(? AS jsonb), summary = CAST(? AS jsonb),
                updated_at = now()
            WHERE subscription_id = ?""";

    private DataSource dataSource;

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return what the admin API answers: the subscription, from whom to whom, and whether it moved */
    public Map<String, Object> transfer(@Variable("subscriptionId") String subscriptionId,
            @Variable("toAppUserId") String toAppUserId) throws SQLException {
        return Transactions.inTransaction(dataSource, connection -> {
            Transactions.lockSubscription(connection, subscriptionId);
            String from = Transactions.queryString(connection, RECEIPT_OWNER, subscriptionId);
            if (from == null) {
                throw new RequestRejectedException(Rejection.NOT_FOUND, "no receipt names this subscription");
            }
            boolean moves = !from.equals(toAppUserId);
            if (moves) {
                update(connection, MOVE_RECEIPT, toAppUserId, subscriptionId);
                update(connection, MOVE_INBOX_ROWS, toAppUserId, subscriptionId);
                moveState(connection, subscriptionId, from, toAppUserId);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("subscription_id", subscriptionId);
            answer.put("transferred_from", from);
            answer.put("transferred_to", toAppUserId);
            answer.put("transferred", moves);
            return answer;
        });
    }

    /** A subscription no event was applied to yet has no state: only its receipt moves, with no lifecycle event. */
    private static void moveState(Connection connection, String subscriptionId, String from, String to)
            throws SQLException {
        String stateJson = Transactions.queryString(connection, STATE, subscriptionId);
        if (stateJson == null) {
            return;
        }
        SubscriptionState moved = StateJson.read(stateJson, SubscriptionState.class).withAppUserId(to);
        try (PreparedStatement update = connection.prepareStatement(MOVE_STATE)) {
            update.setString(1, to);
            update.setString(2, StateJson.write(moved));
            update.setString(3, StateJson.write(SubscriptionSummary.of(moved)));
            update.setString(4, subscriptionId);
            update.executeUpdate();
        }
        LifecycleEvent transfer = new LifecycleEvent(LifecycleType.TRANSFER, null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null, null, null, false, moved);
        LifecycleRows.Transfer users = new LifecycleRows.Transfer(from, to);
        LifecycleRows.insert(connection, List.of(
                new LifecycleRows.Row(from, subscriptionId, transfer, users),
                new LifecycleRows.Row(to, subscriptionId, transfer, users)));
    }

    private static void update(Connection connection, String sql, String first, String second) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, first);
            update.setString(2, second);
            update.executeUpdate();
        }
    }
}
