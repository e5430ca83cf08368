package dev.subsync.processing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import javax.sql.DataSource;

/**
 * Plain-JDBC transactions and the per-subscription lock, shared by everything that changes a
 * subscription's stored state (applying events, pruning old ones): without a transaction manager,
 * so the routes stay runtime-neutral.
 */
final class Transactions {

    private static final String LOCK_SUBSCRIPTION = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))";
    private static final String LOCK_SUBSCRIPTIONS = """
            SELECT pg_advisory_xact_lock(hashtextextended(id, 0))
            FROM (SELECT DISTINCT id FROM unnest(CAST(? AS text[])) id ORDER BY id OFFSET 0) sorted""";

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Transactions() {
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Serialises, across instances, everything that changes one subscription, until the transaction ends. */
    static void lockSubscription(Connection connection, String subscriptionId) throws SQLException {
        execute(connection, LOCK_SUBSCRIPTION, subscriptionId);
    }

    /** {@link #lockSubscription} for several, in sorted order, so that two such calls cannot deadlock. */
    static void lockSubscriptions(Connection connection, Collection<String> subscriptionIds)
            throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_SUBSCRIPTIONS)) {
            lock.setArray(1, connection.createArrayOf("text", subscriptionIds.toArray()));
            lock.execute();
        }
    }

    static void execute(Connection connection, String sql, Object parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            statement.execute();
        }
    }

    static String queryString(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
