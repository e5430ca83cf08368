package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.processing.ClaimOwner;
import dev.subsync.support.AppInstances;
import dev.subsync.support.SubscriberApi;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On a table that is almost all delivered rows, what reads the few others finds them through their
 * partial indexes instead of reading every delivered row: {@code GET /v1/admin/webhook-deliveries?status=...}
 * (also after PostgreSQL has switched its prepared statement to a plan made without the status' value)
 * and the push gauges, read every {@code subsync.metrics.gauge-interval}.
 */
class WebhookDeliveryReadsTest {

    private static final String ADMIN_KEY = "admin_key_list";
    private static final int DELIVERED = 30_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AppInstances instances = new AppInstances("push_list");
    private final JdbcTemplate jdbc = instances.jdbc();

    @AfterEach
    void stop() {
        instances.close();
    }

    @Test
    void aStatusIsListedFromItsOwnRowsNotByWalkingTheDeliveredOnes() throws Exception {
        ConfigurableApplicationContext app = start("1h");
        Map<String, List<Long>> expected = Map.of(
                "dead_lettered", insert("dead_lettered", 3, 2),
                "failed", insert("pending", 2, 2),
                "pending", new ArrayList<>());
        expected.get("pending").addAll(expected.get("failed"));
        expected.get("pending").addAll(insert("pending", 0, 1));
        expected.get("pending").sort(null);
        countReadsFromNowOn();

        SubscriberApi admin = new SubscriberApi(AppInstances.port(app), ADMIN_KEY);
        int rounds = 4;                                // past the first five executions, planned with the value
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, List<Long>> status : expected.entrySet()) {
                JsonNode page = JSON.readTree(admin.get("/v1/admin/webhook-deliveries?status=" + status.getKey()).body());
                assertThat(page.path("webhook_deliveries").findValues("id")).map(JsonNode::asLong)
                        .as(status.getKey()).containsExactlyElementsOf(status.getValue());
            }
        }

        int listed = rounds * expected.size();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(reads().partialIndexScans())
                .as("the lists' statistics, flushed by the app's connections").isGreaterThanOrEqualTo(listed));
        assertThat(reads().rows()).as("rows read for %d lists of at most 5 rows among %d delivered", listed, DELIVERED)
                .isLessThan(1_000L);
    }

    @Test
    void theGaugesCountPendingAndDeadLetteredDeliveriesFromTheirOwnRows() {
        start("100ms");
        insert("dead_lettered", 3, 2);
        insert("pending", 0, 3);
        countReadsFromNowOn();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(reads().partialIndexScans())
                .as("gauge readings, two partial index scans each").isGreaterThanOrEqualTo(20));
        Reads read = reads();   // both counts at one moment: the gauges go on reading
        assertThat(read.rows()).as("rows read by %d partial index scans among %d delivered", read.partialIndexScans(), DELIVERED)
                .isLessThan(10 * read.partialIndexScans());
    }

    @Test
    void aStoppingInstanceHandsBackItsClaimedDeliveriesWithoutReadingTheDeliveredOnes() {
        ConfigurableApplicationContext app = start("1h");
        String owner = app.getBean(CamelContext.class).getRegistry().lookupByNameAndType("claimOwner", ClaimOwner.class).id();
        long claimed = jdbc.queryForObject("INSERT INTO webhook_deliveries (sequence, test_event, claimed_by, claimed_until) "
                + "VALUES (1, '{}', ?, now() + interval '1 hour') RETURNING id", Long.class, owner);
        countReadsFromNowOn();

        instances.close();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT claimed_by IS NULL FROM webhook_deliveries WHERE id = ?", Boolean.class, claimed))
                .as("the claim handed back on stop").isTrue());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'webhook_deliveries'", Long.class))
                .as("the hand-back's statistics, flushed with its reads when its connection closed").isPositive());
        assertThat(reads().rows()).as("rows read to hand back one claim among %d delivered", DELIVERED).isLessThan(100L);
    }

    /** An instance with push off (nothing claims the pending rows) over a table of delivered rows. */
    private ConfigurableApplicationContext start(String gaugeInterval) {
        ConfigurableApplicationContext app = instances.start(
                "subsync.stripe.webhook-secrets=whsec_list", "subsync.api.keys=app_key_list",
                "subsync.admin.api-keys=" + ADMIN_KEY, "subsync.metrics.gauge-interval=" + gaugeInterval);
        // One transaction with its ANALYZE: the gauges, already running, never plan over the new rows
        // without statistics (a sequential scan whose counts could reach the table after the reset).
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE webhook_deliveries");
                statement.execute("INSERT INTO webhook_deliveries (sequence, test_event, status, attempts, delivered_at) "
                        + "SELECT g, '{}', 'delivered', 1, now() FROM generate_series(1, " + DELIVERED + ") g");
                statement.execute("ANALYZE webhook_deliveries");
            }
            connection.commit();
            return null;
        });
        return app;
    }

    private void countReadsFromNowOn() {
        jdbc.execute("ANALYZE webhook_deliveries");
        jdbc.queryForList("SELECT pg_stat_force_next_flush()");
        for (String relation : List.of("webhook_deliveries", "webhook_deliveries_dead_lettered", "webhook_deliveries_due")) {
            jdbc.queryForList("SELECT pg_stat_reset_single_table_counters(?::regclass)", relation);
        }
    }

    /** Scans of the two partial indexes, and rows of webhook_deliveries read by sequential scans or fetched through indexes. */
    private record Reads(long partialIndexScans, long rows) {
    }

    private Reads reads() {
        return jdbc.queryForObject("SELECT (SELECT coalesce(sum(idx_scan), 0) FROM pg_stat_user_indexes WHERE indexrelname IN "
                + "('webhook_deliveries_dead_lettered', 'webhook_deliveries_due')), (SELECT coalesce(seq_tup_read, 0) "
                + "+ coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables WHERE relname = 'webhook_deliveries')",
                (row, n) -> new Reads(row.getLong(1), row.getLong(2)));
    }

    /** Rows of a status with this many attempts, after every delivered one; returns their ids. */
    private List<Long> insert(String status, int attempts, int rows) {
        return new ArrayList<>(jdbc.queryForList("INSERT INTO webhook_deliveries (sequence, test_event, status, attempts) "
                + "SELECT g, '{}', ?, ? FROM generate_series(1, ?) g RETURNING id", Long.class, status, attempts, rows));
    }
}
