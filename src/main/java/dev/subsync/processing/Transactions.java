package dev.subsync.processing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Plain-JDBC transactions and the per-subscription lock, shared by everything that changes a
 * subscription's stored state (applying events, pruning old ones): without a transaction manager,
 * so the routes stay runtime-neutral.
 */
final class Transactions {

    private static final String LOCK_SUBSCRIPTION = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))";

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
