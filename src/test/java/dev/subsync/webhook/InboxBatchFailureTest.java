package dev.subsync.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.subsync.http.Failures;
import dev.subsync.http.Rejection;
import dev.subsync.main.SchemaMigration;
import dev.subsync.stripe.StripeEvent;
import dev.subsync.support.SharedDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A row PostgreSQL refuses for a reason other than a data exception (here an index row too large,
 * SQLSTATE 54000) fails only its own delivery, never the good events committed in the same batch.
 */
class InboxBatchFailureTest {

    private final Inbox inbox = new Inbox();
    private PGSimpleDataSource dataSource;

    @BeforeEach
    void startInbox() {
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(SharedDatabase.jdbcUrl("inbox_batches"));
        dataSource.setUser("postgres");
        SchemaMigration migration = new SchemaMigration();
        migration.setDataSource(dataSource);
        migration.migrate();
        inbox.setDataSource(dataSource);
        inbox.setWriters(1);
        inbox.setMaxBatch(64);
        inbox.start();
    }

    @AfterEach
    void stopInbox() {
        inbox.stop();
    }

    @Test
    void oneRowTooLargeForItsIndexFailsAloneAndTheRestOfItsBatchIsStored() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "");
        int bad = 17;
        List<StripeEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // the door (StripeEvents) refuses ids this long; the inbox must still not fail the batch for one
            String customer = i == bad ? "cus_" + incompressible(10_000) : "cus_" + run;
            events.add(new StripeEvent("evt_" + run + "_" + i, "customer.subscription.updated", 1_700_000_000L + i,
                    false, "2025-03-31.basil", "sub_" + run, customer, "sub_" + run, "{\"id\":\"evt_" + run + "\"}"));
        }
        ExecutorService deliveries = Executors.newFixedThreadPool(events.size());
        CountDownLatch together = new CountDownLatch(1);
        try {
            List<Future<Boolean>> stored = new ArrayList<>();
            for (StripeEvent event : events) {
                stored.add(deliveries.submit(() -> {
                    together.await();
                    return inbox.store(event);
                }));
            }
            together.countDown();

            for (int i = 0; i < events.size(); i++) {
                if (i == bad) {
                    assertThatThrownBy(stored.get(i)::get).cause().isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(Failures.classify(e)).isEqualTo(Rejection.PAYLOAD_NOT_STORABLE));
                } else {
                    assertThat(stored.get(i).get()).isTrue();
                }
            }
        } finally {
            deliveries.shutdownNow();
        }
        try (var connection = dataSource.getConnection();
                var count = connection.prepareStatement("SELECT count(*) FROM inbox WHERE event_id LIKE ?")) {
            count.setString(1, "evt_" + run + "%");
            var rs = count.executeQuery();
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(events.size() - 1);
        }
    }

    /** Random text: PostgreSQL compresses index entries, so a repeated character would fit. */
    private static String incompressible(int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(UUID.randomUUID().toString().replace("-", ""));
        }
        return text.substring(0, length);
    }
}
