package dev.subsync.webhook;

import dev.subsync.http.Failures;
import dev.subsync.stripe.StripeEvent;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.camel.Variable;

/**
 * The durable inbox, written with group commit: concurrent deliveries are coalesced into one
 * multi-row {@code INSERT ... ON CONFLICT DO NOTHING} transaction, and each caller returns only after
 * that transaction committed, so a 2xx still means the event is stored. Batches form naturally while
 * the previous commit is in flight (no added delay), which lets ingest go past the one-commit-per-event
 * limit of PostgreSQL. Plain JDBC: camel-sql's per-parameter type conversion was the largest cost of
 * the webhook (bench/README.md).
 */
public class Inbox {

    private static final String INSERT = """
            INSERT INTO inbox (event_id, type, created, livemode, api_version, object_id, customer_id, subscription_id,
                               payload)
            SELECT e.id, e.type, to_timestamp(e.created), e.livemode, e.api_version, e.object_id, e.customer_id,
                   e.subscription_id, CAST(e.payload AS json)
            FROM unnest(?::text[], ?::text[], ?::bigint[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[]) AS e(id, type, created, livemode, api_version, object_id, customer_id,
                                        subscription_id, payload)
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id""";

    private record Pending(StripeEvent event, CompletableFuture<Boolean> stored) {
    }

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private DataSource dataSource;
    private int writerCount = 2;
    private int maxBatch = 64;
    private volatile boolean running;

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Transactions in flight at once; each takes whatever deliveries are waiting (up to maxBatch). */
    public void setWriters(int writers) {
        this.writerCount = writers;
    }

    public void setMaxBatch(int maxBatch) {
        this.maxBatch = maxBatch;
    }

    public synchronized void start() {
        running = true;
        for (int i = 0; i < writerCount; i++) {
            Thread writer = new Thread(this::writeBatches, "inbox-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    public synchronized void stop() {
        running = false;
        writers.forEach(Thread::interrupt);
    }

    /**
     * Stores the event once; returns true when this call stored it, false when it was already there.
     * Throws the storage failure (the webhook answers 503, or 400 for a payload PostgreSQL rejects).
     */
    public boolean store(@Variable(WebhookReply.EVENT_VARIABLE) StripeEvent event) throws Exception {
        CompletableFuture<Boolean> stored = new CompletableFuture<>();
        queue.add(new Pending(event, stored));
        try {
            return stored.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new SQLException("the inbox did not commit within 30 s", "08006", e);
        }
    }

    private void writeBatches() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, maxBatch - 1);
            write(batch);
            batch.clear();
        }
    }

    private void write(List<Pending> batch) {
        // rows locked in one order (by event id) in every batch: concurrent batches holding the same
        // redelivered id cannot deadlock each other
        batch.sort(java.util.Comparator.comparing(pending -> pending.event().id()));
        try {
            Set<String> inserted;
            try {
                inserted = insert(batch);
            } catch (SQLException e) {
                if (!retryable(e)) {
                    throw e;
                }
                inserted = insert(batch);
            }
            Set<String> answered = new HashSet<>();
            for (Pending pending : batch) {
                // an id twice in one batch: the first delivery stored it, the second is a duplicate
                String id = pending.event().id();
                pending.stored().complete(inserted.contains(id) && answered.add(id));
            }
        } catch (SQLException e) {
            if (batch.size() > 1 && !Failures.storageUnavailable(e)) {
                // one row PostgreSQL refuses (a data error, an index row too large, ...) must not fail
                // the others: store them one by one, so only that delivery is refused
                batch.forEach(pending -> write(new ArrayList<>(List.of(pending))));
            } else {
                batch.forEach(pending -> pending.stored().completeExceptionally(e));
            }
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.stored().completeExceptionally(e));
        }
    }

    /** Deadlock or serialization failure: the same statement succeeds when run again. */
    private static boolean retryable(SQLException e) {
        return "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
    }

    private Set<String> insert(List<Pending> batch) throws SQLException {
        int n = batch.size();
        String[] ids = new String[n];
        String[] types = new String[n];
        Long[] created = new Long[n];
        Boolean[] livemode = new Boolean[n];
        String[] apiVersions = new String[n];
        String[] objectIds = new String[n];
        String[] customerIds = new String[n];
        String[] subscriptionIds = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            StripeEvent event = batch.get(i).event();
            ids[i] = event.id();
            types[i] = event.type();
            created[i] = event.created();
            livemode[i] = event.livemode();
            apiVersions[i] = event.apiVersion();
            objectIds[i] = event.objectId();
            customerIds[i] = event.customerId();
            subscriptionIds[i] = event.subscriptionId();
            payloads[i] = event.payload();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            connection.setAutoCommit(true);
            Object[][] columns = {ids, types, created, livemode, apiVersions, objectIds, customerIds, subscriptionIds, payloads};
            String[] sqlTypes = {"text", "text", "int8", "bool", "text", "text", "text", "text", "text"};
            List<Array> arrays = new ArrayList<>();
            for (int c = 0; c < columns.length; c++) {
                Array array = connection.createArrayOf(sqlTypes[c], columns[c]);
                arrays.add(array);
                insert.setArray(c + 1, array);
            }
            Set<String> inserted = new HashSet<>();
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
            for (Array array : arrays) {
                array.free();
            }
            return inserted;
        }
    }
}
