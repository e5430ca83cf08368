package dev.subsync.processing;

import dev.subsync.state.LifecycleEvent;
import dev.subsync.state.SubscriptionSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes lifecycle events in the caller's transaction, for everything that emits them (applying Stripe
 * events, transfers): each subscriber's sequence numbers come from its row in {@code subscribers}, so
 * they are gap-free, and the rows are inserted under one global advisory lock, so the global cursor
 * commits in increasing order and a reader paging by cursor never skips a row. Entitlements are
 * resolved as configured when the event is written and never rewritten.
 */
final class LifecycleRows {

    /** Arbitrary constant naming the cursor lock in pg_advisory_xact_lock's key space. */
    private static final long CURSOR_LOCK = 0x5375_6253_796eL;

    private static final String LOCK_CURSOR = "SELECT pg_advisory_xact_lock(?)";
    private static final String ALLOCATE_SEQUENCES = """
            INSERT INTO subscribers (app_user_id, last_sequence) VALUES (?, ?)
            ON CONFLICT (app_user_id) DO UPDATE SET last_sequence = subscribers.last_sequence + EXCLUDED.last_sequence
            RETURNING last_sequence""";
    private static final String INSERT = """
            INSERT INTO lifecycle_events (app_user_id, sequence, type, subscription_id, stripe_event_id, occurred_at,
                period_type, cancel_reason, expiration_reason, state, livemode, entitlement_ids,
                previous_product_id, is_trial_conversion, transferred_from, transferred_to)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, entitlements_of(?), ?, ?, ?, ?)""";

    /** One lifecycle event for one subscriber; {@code transfer} only on TRANSFER. */
    record Row(String appUserId, String subscriptionId, LifecycleEvent event, Transfer transfer) {
        Row(String appUserId, String subscriptionId, LifecycleEvent event) {
            this(appUserId, subscriptionId, event, null);
        }
    }

    record Transfer(String fromAppUserId, String toAppUserId) {
    }

    private LifecycleRows() {
    }

    /** Inserts {@code rows} in their order, each subscriber's numbered on from its last sequence. */
    static void insert(Connection connection, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Integer> counts = new TreeMap<>();   // sorted: subscriber rows are locked in one order
        rows.forEach(row -> counts.merge(row.appUserId(), 1, Integer::sum));
        Map<String, Long> next = new HashMap<>();
        for (Map.Entry<String, Integer> count : counts.entrySet()) {
            next.put(count.getKey(), allocateSequences(connection, count.getKey(), count.getValue()) - count.getValue());
        }
        Transactions.execute(connection, LOCK_CURSOR, CURSOR_LOCK);
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Row row : rows) {
                bind(insert, row, next.merge(row.appUserId(), 1L, Long::sum));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Reserves {@code count} sequence numbers of a subscriber; returns the last of them. */
    private static long allocateSequences(Connection connection, String appUserId, int count) throws SQLException {
        try (PreparedStatement allocate = connection.prepareStatement(ALLOCATE_SEQUENCES)) {
            allocate.setString(1, appUserId);
            allocate.setLong(2, count);
            try (ResultSet rs = allocate.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void bind(PreparedStatement insert, Row row, long sequence) throws SQLException {
        LifecycleEvent event = row.event();
        SubscriptionSummary summary = SubscriptionSummary.of(event.state());
        insert.setString(1, row.appUserId());
        insert.setLong(2, sequence);
        insert.setString(3, event.type().name());
        insert.setString(4, row.subscriptionId());
        insert.setString(5, event.stripeEventId());
        insert.setTimestamp(6, Timestamp.from(event.occurredAt()));
        insert.setString(7, event.periodType() == null ? null : event.periodType().name());
        insert.setString(8, event.cancelReason() == null ? null : event.cancelReason().name());
        insert.setString(9, event.expirationReason() == null ? null : event.expirationReason().name());
        insert.setString(10, StateJson.write(summary));
        insert.setObject(11, summary.livemode(), Types.BOOLEAN);
        insert.setString(12, summary.productId());
        insert.setString(13, event.previousProductId());
        insert.setBoolean(14, event.trialConversion());
        insert.setString(15, row.transfer() == null ? null : row.transfer().fromAppUserId());
        insert.setString(16, row.transfer() == null ? null : row.transfer().toAppUserId());
    }
}
