package dev.subsync.processing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's identity on inbox claims and webhook delivery claims. When the instance stops (after its routes have finished
 * their in-flight work), it hands back whatever it still holds, so the other instances take it over
 * on their next poll rather than after the lease expires. A killed instance cannot do this; its
 * claims are taken over when their lease ({@code subsync.processing.lease}) runs out.
 */
public class ClaimOwner {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimOwner.class);
    private static final String RELEASE = """
            UPDATE inbox SET status = 'received', claimed_until = NULL, claimed_by = NULL
            WHERE status = 'processing' AND claimed_by = ?""";
    // next_attempt_at <= 'infinity' is always true: it lets the planner read the few pending rows through
    // the due index (as inbox-gauges.sql does), where otherwise it read every delivered row on each stop.
    private static final String RELEASE_DELIVERIES = """
            UPDATE webhook_deliveries SET claimed_until = NULL, claimed_by = NULL
            WHERE status = 'pending' AND next_attempt_at <= 'infinity' AND claimed_by = ?""";

    private final String id = UUID.randomUUID().toString();
    private DataSource dataSource;
    /**
     * Bounds one poll's work: stopping the instance never waits long for it, and a replica that polls
     * first after many customers settle does not take them all before the others poll (with 20,
     * MultipleInstancesTest saw one replica apply everything in about one run in eight).
     */
    private static final int MAX_CLAIMS_PER_POLL = 3;

    private long pollIntervalMillis;
    private int batchSize;
    private String resequenceWindow;
    private String lease;

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setPollInterval(String pollInterval) {
        this.pollIntervalMillis = TimeUtils.toMilliSeconds(pollInterval);
    }

    /**
     * A random pause of up to one poll interval before claiming. Replicas poll at the same period;
     * without it, the one whose timer happens to fire just before the other's takes nearly every
     * customer that settles, and the other idles.
     */
    public long pollJitter() {
        return ThreadLocalRandom.current().nextLong(pollIntervalMillis + 1);
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public void setResequenceWindow(String resequenceWindow) {
        this.resequenceWindow = resequenceWindow;
    }

    public void setLease(String lease) {
        this.lease = lease;
    }

    /**
     * The claim statement's parameters, as the message body (camel-sql reads {@code :#name} from a map
     * body first): plain map lookups, where each {@code :#${...}} expression copies the exchange on every
     * call.
     */
    public Map<String, Object> claimParameters() {
        return Map.of("batch_size", batchSize, "resequence_window", resequenceWindow, "lease", lease, "claimed_by", id);
    }

    /**
     * Whether a poll claims again: before its first claim, and after a claim that came back full (a
     * backlog; waiting for the timer would idle for up to two poll intervals between claims), up to
     * {@value #MAX_CLAIMS_PER_POLL} claims.
     */
    public boolean claimAgain(@Variable("claimed") Integer claimed,
            @ExchangeProperty(Exchange.LOOP_INDEX) Integer claimsSoFar) {
        if (claimed == null) {
            return true;
        }
        return claimCameBackFull(claimed) && (claimsSoFar == null || claimsSoFar + 1 < MAX_CLAIMS_PER_POLL);
    }

    /** A claim of a full batch: more settled events were waiting than one claim takes. */
    public boolean claimCameBackFull(@Variable("claimed") Integer claimed) {
        return claimed != null && claimed >= batchSize;
    }

    public String id() {
        return id;
    }

    public void releaseClaims() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement release = connection.prepareStatement(RELEASE);
                PreparedStatement releaseDeliveries = connection.prepareStatement(RELEASE_DELIVERIES)) {
            release.setString(1, id);
            int released = release.executeUpdate();
            releaseDeliveries.setString(1, id);
            int deliveries = releaseDeliveries.executeUpdate();
            if (released + deliveries > 0) {
                LOG.info("handed back {} claimed inbox events and {} webhook deliveries on shutdown", released, deliveries);
            }
        } catch (SQLException e) {
            LOG.warn("could not hand back claims on shutdown; they return when their lease expires: {}", e.getMessage());
        }
    }
}
