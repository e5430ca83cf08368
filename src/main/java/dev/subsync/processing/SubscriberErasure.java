package dev.subsync.processing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Variable;

/**
 * Erases a subscriber for a data erasure request, in one transaction under the locks of their
 * subscriptions: receipts, subscription state, lifecycle events and the sequence counter. Stripe's
 * payloads in the inbox are not the app's data about the user; they lose the link to the user and
 * leave with inbox retention. Later events of those subscriptions park, as for any subscription
 * without a receipt.
 */
public class SubscriberErasure {

    private static final String SUBSCRIPTIONS = """
            SELECT fetch_token FROM receipts WHERE app_user_id = ?
            UNION SELECT subscription_id FROM subscriptions WHERE app_user_id = ?""";
    private static final Map<String, String> ERASURES = erasures();

    private DataSource dataSource;

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return the app user id and how many rows of each kind were erased */
    public Map<String, Object> erase(@Variable("appUserId") String appUserId) throws SQLException {
        return Transactions.inTransaction(dataSource, connection -> {
            Transactions.lockSubscriptions(connection, subscriptionsOf(connection, appUserId));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("app_user_id", appUserId);
            answer.put("deleted", true);
            for (Map.Entry<String, String> erasure : ERASURES.entrySet()) {
                try (PreparedStatement delete = connection.prepareStatement(erasure.getValue())) {
                    delete.setString(1, appUserId);
                    int rows = delete.executeUpdate();
                    if (!erasure.getKey().isEmpty()) {
                        answer.put(erasure.getKey(), rows);
                    }
                }
            }
            return answer;
        });
    }

    private static Map<String, String> erasures() {
        Map<String, String> erasures = new LinkedHashMap<>();
        erasures.put("receipts", "DELETE FROM receipts WHERE app_user_id = ?");
        erasures.put("subscriptions", "DELETE FROM subscriptions WHERE app_user_id = ?");
        erasures.put("lifecycle_events", "DELETE FROM lifecycle_events WHERE app_user_id = ?");
        erasures.put("", "DELETE FROM subscribers WHERE app_user_id = ?");
        erasures.put("inbox_events_unlinked", "UPDATE inbox SET app_user_id = NULL WHERE app_user_id = ?");
        return erasures;
    }

    private static List<String> subscriptionsOf(Connection connection, String appUserId) throws SQLException {
        List<String> subscriptions = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SUBSCRIPTIONS)) {
            select.setString(1, appUserId);
            select.setString(2, appUserId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    subscriptions.add(rs.getString(1));
                }
            }
        }
        return subscriptions;
    }
}
