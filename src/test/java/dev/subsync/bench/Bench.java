package dev.subsync.bench;

import dev.subsync.support.FreePorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * The subsync benchmark: service, PostgreSQL and load generator together on this machine, as the
 * targets are stated. See bench/README.md; run with bench/run.sh [--option=value ...].
 *
 * <p>Phases: the PostgreSQL ceiling (single-row durable inserts from the same number of clients), the
 * service's startup, ingest only at full speed, ack latency at a fixed rate, sustained end-to-end
 * processing at a fixed rate, push (the same with signed webhooks to a local receiver, the delay to
 * each 2xx, a backlog's delivery rate), and ingest again after preloading a million stored events.
 */
public final class Bench {

    /** The service's JVM flags, comma-separated: those of k8s/base (KubernetesManifestsTest checks). */
    public static final String SERVICE_JVM = "-Xms256m,-Xmx256m,-Xmn128m,-XX:MaxMetaspaceSize=128m,-XX:+UseSerialGC,-Xss512k,-XX:ThreadPriorityPolicy=1,-XX:JavaPriority1_To_OSPriority=10";

    static final String SECRET = "whsec_bench_secret";
    private static final String API_KEY = "bench_api_key";

    private final Map<String, String> options;
    private final String jdbcUrl;
    private final String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    private final StripeEventFactory events = new StripeEventFactory(run, System.currentTimeMillis() / 1000 - 86_400);
    private final Map<String, String> results = new LinkedHashMap<>();
    private final AtomicLong cursor = new AtomicLong();

    private final Path postgresData;

    private Bench(Map<String, String> options, String jdbcUrl, Path postgresData) {
        this.options = options;
        this.jdbcUrl = jdbcUrl;
        this.postgresData = postgresData;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of(
                "connections", "64", "duration", "20", "subscriptions", "2000", "rate", "1000",
                "e2e-rate", "2500", "e2e-duration", "30", "duplicates", "0.02", "preload", "1000000",
                "pool-size", "32", "phases", "ceiling,ingest,latency,e2e,push,growth"));
        options.put("warmup", "180");
        options.put("prepared-rate", "8000");
        options.put("burst", "1");
        options.put("service-jvm", SERVICE_JVM);
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        Path data = Files.createTempDirectory("subsync-bench");
        // durable as production: fsync and synchronous_commit on (zonky's default turns the latter off)
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (options.containsKey("pg-statements")) {  // profile the database: top statements after each service
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("track_functions", "all");
        }
        try (EmbeddedPostgres postgres = builder
                .setDataDirectory(data)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("max_connections", "300")
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("track_commit_timestamp", "on")    // push: a lifecycle event's commit -> its 2xx
                .start()) {
            new Bench(options, postgres.getJdbcUrl("postgres", "postgres"), data).run();
        }
    }

    private void run() throws Exception {
        List<String> phases = Arrays.asList(options.get("phases").split(","));
        int connections = integer("connections");
        System.out.printf("subsync bench: %d cores, %s, PostgreSQL %s, commit %s, options %s%n",
                Runtime.getRuntime().availableProcessors(), memory(), query("SHOW server_version"), commit(), options);
        double ceiling = 0;
        if (phases.contains("ceiling")) {
            ceiling = postgresCeiling(connections, integer("duration"));
            results.put("PostgreSQL ceiling (single-row durable inserts, " + connections + " clients)",
                    "%.0f inserts/s".formatted(ceiling));
        }
        // end to end first, on an empty inbox: the ingest-only phases leave a backlog nobody processes
        if (phases.contains("e2e")) {
            try (Service service = Service.start(jdbcUrl, true, integer("pool-size"), options.get("service-jvm"))) {
                registerReceipts(service.port);
                openLoop(service, connections, 500, integer("warmup"), live()); // JIT warm-up, not reported
                awaitApplied();
                settle();   // as the push-on phase starts: its warm-up's rows applied, vacuumed and checkpointed
                resetStatements();
                endToEnd(service, connections, integer("e2e-rate"), integer("e2e-duration"));
                printStatements("end to end");
                results.put("end-to-end RSS (max)", service.maxRssMb() + " MB");
            }
        }
        if (phases.contains("push")) {
            push(connections);
        }
        double ingest = 0;
        if (phases.contains("ingest") || phases.contains("latency") || phases.contains("growth")) {
            try (Service service = Service.start(jdbcUrl, false, integer("pool-size"), options.get("service-jvm"))) {
                results.put("startup to ready", service.startup.toMillis() + " ms");
                registerReceipts(service.port);
                closedLoop(service, connections, integer("warmup"), live()); // JIT warm-up, not reported
                if (phases.contains("ingest")) {
                    Load load = closedLoop(service, connections, integer("duration"), prepareForFullSpeed());
                    ingest = load.throughput();
                    results.put("ingest only, " + connections + " connections", load.summary()
                            + (ceiling > 0 ? ", %.0f %% of the ceiling".formatted(100 * ingest / ceiling) : ""));
                    results.put("ingest RSS (max)", service.maxRssMb() + " MB");
                }
                if (phases.contains("latency")) {
                    if (phases.contains("ingest")) {
                        settle();
                    }
                    Deliveries deliveries = prepare((long) integer("rate") * integer("duration"));
                    long checkpointsBefore = Long.parseLong(query(CHECKPOINTS));
                    Set<Integer> autovacuumSeconds = ConcurrentHashMap.newKeySet();
                    Thread autovacuumSampler = sampleEvery(250, second -> {
                        if (Long.parseLong(query(AUTOVACUUM_WORKERS)) > 0) {
                            autovacuumSeconds.add(second);
                        }
                    });
                    FsyncProbe fsyncProbe = options.containsKey("fsync-probe") ? FsyncProbe.start(postgresData) : null;
                    Load load = openLoop(service, connections, integer("rate"), integer("duration"), deliveries);
                    autovacuumSampler.interrupt();
                    if (fsyncProbe != null) {
                        results.put("fdatasync beside PostgreSQL's data during it", fsyncProbe.stop());
                    }
                    long checkpoints = Long.parseLong(query(CHECKPOINTS)) - checkpointsBefore;
                    results.put("ack latency at " + integer("rate") + " events/s", load.summary()
                            + ", PostgreSQL checkpoints during it: " + checkpoints
                            + ", seconds with autovacuum working: " + autovacuumSeconds.size());
                    results.put("acks over 20 ms by second", load.slowBySecond());
                }
                if (phases.contains("growth")) {
                    long rows = preload(integer("preload"));
                    Load load = closedLoop(service, connections, integer("duration"), prepareForFullSpeed());
                    results.put("ingest only after " + rows + " stored events", load.summary()
                            + (ingest > 0 ? ", %.0f %% of the empty-database figure".formatted(100 * load.throughput() / ingest) : ""));
                }
            }
        }
        System.out.println();
        System.out.println("| figure | result |");
        System.out.println("|---|---|");
        results.forEach((figure, result) -> System.out.println("| " + figure + " | " + result + " |"));
    }

    // --- phases ---

    private double postgresCeiling(int clients, int seconds) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS bench");
            s.execute("CREATE TABLE IF NOT EXISTS bench.ceiling (id text PRIMARY KEY, payload jsonb NOT NULL)");
        }
        String payload = events.event(0, 1).replace("\"id\": \"evt_", "\"id\": \"evt_ceiling_");
        LongAdder inserts = new LongAdder();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong ids = new AtomicLong();
        runThreads(clients, () -> {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO bench.ceiling (id, payload) VALUES (?, CAST(? AS jsonb)) ON CONFLICT DO NOTHING")) {
                while (System.nanoTime() < deadline) {
                    insert.setString(1, "c" + ids.incrementAndGet());
                    insert.setString(2, payload);
                    insert.executeUpdate();
                    inserts.increment();
                }
            }
        });
        return inserts.sum() / (double) seconds;
    }

    private void registerReceipts(int port) throws Exception {
        int subscriptions = integer("subscriptions");
        AtomicLong next = new AtomicLong();
        runThreads(16, () -> {
            try (KeepAliveClient client = new KeepAliveClient("localhost", port)) {
                for (long i = next.getAndIncrement(); i < subscriptions; i = next.getAndIncrement()) {
                    byte[] body = ("{\"app_user_id\":\"bench-user-" + run + i + "\",\"fetch_token\":\""
                            + events.subscriptionId((int) i) + "\"}").getBytes(StandardCharsets.UTF_8);
                    int status = client.post("/v1/receipts", body, "Authorization", "Bearer " + API_KEY).status();
                    if (status != 201 && status != 200) {
                        throw new IllegalStateException("receipt answered " + status);
                    }
                }
            }
        });
    }

    private Load closedLoop(Service service, int connections, int seconds, Deliveries deliveries) throws Exception {
        Load load = new Load(seconds, service);
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        runThreads(connections, () -> {
            try (KeepAliveClient client = new KeepAliveClient("localhost", service.port)) {
                while (System.nanoTime() < deadline) {
                    load.send(client, deliveries.next(), System.nanoTime());
                    service.sampleRss();
                }
            }
        });
        load.finish();
        if (deliveries.builtLive() > 0) {
            System.out.printf("%d deliveries were built during the phase: the prepared ones ran out (--prepared-rate)%n",
                    deliveries.builtLive());
        }
        return load;
    }

    /** Sends at a fixed rate; latency counts from the intended send time, so queueing is not hidden. */
    private Load openLoop(Service service, int connections, int rate, int seconds, Deliveries deliveries)
            throws Exception {
        Load load = new Load(seconds, service);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        long total = (long) rate * seconds;
        AtomicLong slot = new AtomicLong();
        runThreads(connections, () -> {
            try (KeepAliveClient client = new KeepAliveClient("localhost", service.port)) {
                for (long i = slot.getAndIncrement(); i < total; i = slot.getAndIncrement()) {
                    long intended = start + i * interval;
                    long wait = intended - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    load.send(client, deliveries.next(), intended);
                    service.sampleRss();
                }
            }
        });
        return load.finish();
    }

    /**
     * Events waiting or being applied, counted through the partial indexes of those statuses: a count
     * over the whole inbox took about 110 ms of PostgreSQL's CPU each second of the run.
     */
    private static final String BACKLOG = "SELECT (SELECT count(*) FROM inbox WHERE status = 'received') "
            + "+ (SELECT count(*) FROM inbox WHERE status = 'processing')";

    /** Checkpoints PostgreSQL has started, timed or requested (PostgreSQL 17). */
    private static final String CHECKPOINTS = "SELECT num_timed + num_requested FROM pg_stat_checkpointer";
    private static final String AUTOVACUUM_WORKERS =
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'";

    private interface Sample {
        void take(int second) throws SQLException;
    }

    /** Takes a sample every {@code millis} on its own thread, numbered by second since it started. */
    private static Thread sampleEvery(long millis, Sample sample) {
        long start = System.nanoTime();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    sample.take((int) ((System.nanoTime() - start) / 1_000_000_000L));
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    return;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        sampler.start();
        return sampler;
    }

    private void endToEnd(Service service, int connections, int rate, int seconds) throws Exception {
        endToEnd(service, connections, rate, seconds, "");
    }

    private void endToEnd(Service service, int connections, int rate, int seconds, String label) throws Exception {
        Map<Integer, Long> backlog = new ConcurrentHashMap<>();
        Deliveries deliveries = prepare((long) rate * seconds);  // before the clock and the sampler start
        String from = query("SELECT now()");
        double pausedBefore = service.metric(INTAKE_PAUSE);
        Thread sampler = sampleEvery(1000, second -> backlog.put(second, Long.parseLong(query(BACKLOG))));
        Load load = openLoop(service, connections, rate, seconds, deliveries);
        String sent = query("SELECT now()");
        double paused = service.metric(INTAKE_PAUSE) - pausedBefore;
        long drainStart = System.nanoTime();
        while (Long.parseLong(query(BACKLOG)) > 0
                && System.nanoTime() - drainStart < Duration.ofMinutes(3).toNanos()) {
            Thread.sleep(200);
        }
        sampler.interrupt();
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        String applied = query("SELECT count(*) FROM inbox WHERE status IN ('applied', 'stale') AND processed_at BETWEEN '"
                + from + "' AND '" + sent + "'");
        String lag = query("SELECT format('p50 %s ms, p90 %s ms, p99 %s ms, max %s ms', "
                + "round(percentile_cont(0.5) WITHIN GROUP (ORDER BY l)), round(percentile_cont(0.9) WITHIN GROUP (ORDER BY l)), "
                + "round(percentile_cont(0.99) WITHIN GROUP (ORDER BY l)), round(max(l))) FROM (SELECT 1000 * extract(epoch FROM "
                + "processed_at - received_at) AS l FROM inbox WHERE received_at >= '" + from + "' AND processed_at IS NOT NULL) x");
        results.put("end to end at " + rate + " events/s offered" + label, load.summary());
        results.put("applied while sending" + label, "%.0f events/s".formatted(Long.parseLong(applied) / load.elapsedSeconds()));
        results.put("inbox backlog by second (received, processing)" + label, new java.util.TreeMap<>(backlog).values().toString());
        results.put("backlog drained after sending stopped" + label, "%.1f s".formatted(drainSeconds));
        results.put("event -> subscriber state visible" + label, lag);
        results.put("lifecycle events written" + label, query("SELECT count(*) FROM lifecycle_events"));
        if (!label.isEmpty()) {
            results.put("pushed while sending, and the time push paused for the intake" + label, "%s deliveries, %.1f s paused"
                    .formatted(query("SELECT count(*) FROM webhook_deliveries WHERE delivered_at BETWEEN '" + from + "' AND '"
                            + sent + "'"), paused));
        }
    }

    private static final String INTAKE_PAUSE = "subsync_webhooks_intake_pause_seconds_total";

    /**
     * Push on, to a receiver in this process that answers at once: the end-to-end phase again (to
     * compare with it, push off), the delay from a lifecycle event's commit to its 2xx at --rate, and
     * the delivery rate of a backlog of every lifecycle event so far, each subscriber's in order.
     */
    private void push(int connections) throws Exception {
        try (BenchReceiver receiver = BenchReceiver.start();
                Service service = Service.start(jdbcUrl, true, integer("pool-size"), options.get("service-jvm"), Map.of(
                        "SUBSYNC_WEBHOOKS_URL", receiver.url(),
                        "SUBSYNC_WEBHOOKS_SECRET", "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32])))) {
            registerReceipts(service.port);
            openLoop(service, connections, 500, integer("warmup"), live()); // JIT warm-up, not reported
            awaitPushed();
            settle();   // as the push-off phase starts
            endToEnd(service, connections, integer("e2e-rate"), integer("e2e-duration"), ", push on");
            awaitPushed();

            settle();   // as before the latency phase: this one measures its own load, not the cleanup of the last
            int rate = integer("rate");
            String from = query("SELECT now()");
            long[] cpuBefore = Cpu.split(service.process.pid());
            long sentBefore = receiver.requests.sum();
            long rateStarted = System.nanoTime();
            Deliveries atRate = prepare((long) rate * integer("duration"));
            double pausedBefore = service.metric(INTAKE_PAUSE);
            List<Double> pausedTotals = new CopyOnWriteArrayList<>(List.of(pausedBefore));
            var pauseSampler = Executors.newSingleThreadScheduledExecutor();
            pauseSampler.scheduleAtFixedRate(() -> {
                try {
                    pausedTotals.add(service.metric(INTAKE_PAUSE));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException("the service stopped answering its metrics", e);
                }
            }, 1, 1, TimeUnit.SECONDS);
            Load acks = openLoop(service, connections, rate, integer("duration"), atRate);
            pauseSampler.shutdownNow();
            double paused = service.metric(INTAKE_PAUSE) - pausedBefore;
            List<Long> pausedBySecond = new ArrayList<>();
            for (int i = 1; i < pausedTotals.size(); i++) {
                pausedBySecond.add(Math.round(1000 * (pausedTotals.get(i) - pausedTotals.get(i - 1))));
            }
            results.put("ack latency at " + rate + " events/s, push on", acks.summary());   // what the pause protects
            awaitPushed();
            // the deliveries of this phase's lifecycle events; committed: the lifecycle event's commit time
            // (track_commit_timestamp), not its transaction's start
            String deliveredHere = "webhook_deliveries d JOIN lifecycle_events e USING (cursor) WHERE e.recorded_at >= '" + from + "'";
            results.put("lifecycle event committed -> its 2xx, at " + rate + " events/s", query(
                    "SELECT format('%s lifecycle events/s, p50 %s ms, p90 %s ms, p99 %s ms, max %s ms', "
                    + "round(count(*) / " + integer("duration") + ".0), "
                    + "round(percentile_cont(0.5) WITHIN GROUP (ORDER BY l)), round(percentile_cont(0.9) WITHIN GROUP (ORDER BY l)), "
                    + "round(percentile_cont(0.99) WITHIN GROUP (ORDER BY l)), round(max(l))) FROM (SELECT 1000 * extract(epoch FROM "
                    + "d.delivered_at - pg_xact_commit_timestamp(e.xmin)) AS l FROM " + deliveredHere + ") x"));
            results.put("of which: committed -> queued, queued -> 2xx (p50 / p99); queued -> 2xx of a subscriber's first "
                    + "delivery in its queueing / of one queued behind another (p99)", query(
                    "SELECT format('%s / %s ms, %s / %s ms; %s / %s ms', round(percentile_cont(0.5) WITHIN GROUP (ORDER BY q)), "
                    + "round(percentile_cont(0.99) WITHIN GROUP (ORDER BY q)), round(percentile_cont(0.5) WITHIN GROUP (ORDER BY s)), "
                    + "round(percentile_cont(0.99) WITHIN GROUP (ORDER BY s)), "
                    + "round(percentile_cont(0.99) WITHIN GROUP (ORDER BY s) FILTER (WHERE position = 1)), "
                    + "round(percentile_cont(0.99) WITHIN GROUP (ORDER BY s) FILTER (WHERE position > 1))) FROM (SELECT "
                    + "1000 * extract(epoch FROM d.created_at - pg_xact_commit_timestamp(e.xmin)) AS q, "
                    + "1000 * extract(epoch FROM d.delivered_at - d.created_at) AS s, "
                    + "row_number() OVER (PARTITION BY d.app_user_id, d.created_at ORDER BY d.sequence) AS position "
                    + "FROM " + deliveredHere + ") x"));
            // whether the tail is spread over the run or sits in a few seconds (a pause, a checkpoint)
            results.put("committed -> 2xx p99 by second of the commit, ms", query(
                    "SELECT string_agg(p99::text, ', ' ORDER BY second) FROM (SELECT date_trunc('second', c) AS second, "
                    + "round(percentile_cont(0.99) WITHIN GROUP (ORDER BY 1000 * extract(epoch FROM delivered_at - c))) AS p99 "
                    + "FROM (SELECT d.delivered_at, pg_xact_commit_timestamp(e.xmin) AS c FROM " + deliveredHere + ") x GROUP BY 1) y"));
            results.put("push paused for the intake while sending at " + rate + " events/s", "%.1f s; by second, ms: %s"
                    .formatted(paused, pausedBySecond));
            results.put("CPU while sending at " + rate + " events/s and pushing", Cpu.describe(cpuBefore,
                    Cpu.split(service.process.pid()), (System.nanoTime() - rateStarted) / 1e9, receiver.requests.sum() - sentBefore)
                    .replace(" per request", " per delivery"));

            // every delivery again, as a backlog: what the senders sustain
            resetStatements();
            long requestsBefore = receiver.requests.sum();
            String backlog = query("WITH again AS (UPDATE webhook_deliveries SET status = 'pending', attempts = 0, "
                    + "next_attempt_at = now(), delivered_at = NULL, claimed_until = NULL RETURNING app_user_id) "
                    + "SELECT format('%s deliveries across %s subscribers', count(*), count(DISTINCT app_user_id)) FROM again");
            long[] cpuAtBacklog = Cpu.split(service.process.pid());
            long started = System.nanoTime();
            WaitEvents waits = options.containsKey("pg-statements") ? WaitEvents.sample(jdbcUrl) : null;
            awaitPushed();
            if (waits != null) {
                System.out.println("PostgreSQL client backends by state and wait event (sampled every 50 ms), push backlog:\n"
                        + waits.stop());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long sent = receiver.requests.sum() - requestsBefore;
            results.put("push backlog delivered", "%s in %.1f s: %.0f deliveries/s".formatted(backlog, seconds, sent / seconds));
            results.put("CPU during the push backlog", Cpu.describe(cpuAtBacklog, Cpu.split(service.process.pid()), seconds, sent)
                    .replace(" per request", " per delivery"));
            printStatements("push backlog");
            results.put("push RSS (max)", service.maxRssMb() + " MB");
        }
    }

    /** Until the inbox holds nothing received and not yet applied (at most 5 minutes). */
    private void awaitApplied() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline && Long.parseLong(query(BACKLOG)) > 0) {
            Thread.sleep(200);
        }
    }

    /** Waits until no delivery is pending (at most 5 minutes), asking cheaply: the service shares the cores. */
    private void awaitPushed() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline && (Long.parseLong(query(BACKLOG)) > 0
                || query("SELECT EXISTS (SELECT 1 FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= 'infinity')").equals("t")
                || Long.parseLong(query("SELECT count(*) FROM lifecycle_events e WHERE e.cursor > "
                        + "(SELECT last_cursor FROM webhook_push_position)")) > 0)) {
            Thread.sleep(200);
        }
    }

    /**
     * Vacuums, analyzes and checkpoints the database, off the clock, after a phase or a preload that
     * wrote at full speed: the next phase measures its own load, not autovacuum and a checkpoint working
     * through the gigabytes written before it (a store that grew over weeks has long written them).
     */
    private void settle() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE");
            s.execute("CHECKPOINT");
        }
    }

    private long preload(int rows) throws SQLException {
        String payload = events.event(0, 1).replace("'", "''");
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement()) {
            for (int from = 0; from < rows; from += 100_000) {
                s.execute("INSERT INTO inbox (event_id, type, created, livemode, object_id, customer_id, subscription_id, "
                        + "payload, received_at, status, processed_at) SELECT 'evt_preload" + run + "_' || g, "
                        + "'invoice.updated', now() - interval '1 day', false, 'in_pre' || g, 'cus_pre' || (g % 200000), "
                        + "'sub_pre' || (g % 200000), '" + payload + "'::json, now() - interval '1 day', 'applied', "
                        + "now() - interval '1 day' FROM generate_series(" + from + ", " + (Math.min(rows, from + 100_000) - 1) + ") g");
            }
        }
        settle();
        System.out.printf("preloaded %d events in %.0f s%n", rows, (System.nanoTime() - start) / 1e9);
        return Long.parseLong(query("SELECT count(*) FROM inbox"));
    }

    // --- helpers ---

    private void resetStatements() throws SQLException {
        if (options.containsKey("pg-statements")) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                s.execute("SELECT pg_stat_statements_reset()");
                s.execute("SELECT pg_stat_reset()");   // the functions' counts
            }
        }
    }

    private void printStatements(String phase) throws SQLException {
        if (!options.containsKey("pg-statements")) {
            return;
        }
        System.out.println("PostgreSQL statements by total time, " + phase + ":");
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT round(total_exec_time) AS ms, calls, rows, "
                        + "regexp_replace(left(query, 110), '\\s+', ' ', 'g') FROM pg_stat_statements "
                        + "ORDER BY total_exec_time DESC LIMIT 15")) {
            while (rs.next()) {
                System.out.printf("  %8d ms %8d calls %9d rows  %s%n", rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getString(4));
            }
        }
        System.out.println("PostgreSQL functions (not inlined) by total time, " + phase + ":");
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT round(total_time), round(self_time), calls, funcname "
                        + "FROM pg_stat_user_functions ORDER BY total_time DESC LIMIT 10")) {
            while (rs.next()) {
                System.out.printf("  %8d ms total %8d ms self %8d calls  %s%n", rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getString(4));
            }
        }
    }

    /** A signed webhook delivery, as Stripe sends it. */
    record Delivery(byte[] body, String signature) {
    }

    /**
     * The deliveries of a phase, in the order they are sent. A measured phase's are built and signed
     * before it starts, as the ceiling's clients insert a ready payload: building a 3-7 KB event and
     * its signature cost the load generator about as much CPU as the service spent acknowledging it,
     * on the same 2 cores. Past the prepared ones (and in warm-ups) deliveries are built as they go.
     */
    final class Deliveries {
        private final Delivery[] prepared;
        private final AtomicLong taken = new AtomicLong();
        private final LongAdder builtLive = new LongAdder();

        private Deliveries(Delivery[] prepared) {
            this.prepared = prepared;
        }

        Delivery next() {
            long i = taken.getAndIncrement();
            if (i < prepared.length) {
                Delivery delivery = prepared[(int) i];
                prepared[(int) i] = null;  // sent: let it go
                return delivery;
            }
            builtLive.increment();
            return delivery(cursor.getAndIncrement());
        }

        /** Deliveries built during the phase because the prepared ones ran out (0 when they sufficed). */
        long builtLive() {
            return prepared.length == 0 ? 0 : builtLive.sum();
        }
    }

    private Deliveries live() {
        return new Deliveries(new Delivery[0]);
    }

    /** As many as the phase sends at most at {@code --prepared-rate} (8,000/s) for its duration. */
    private Deliveries prepareForFullSpeed() throws Exception {
        return prepare((long) integer("prepared-rate") * integer("duration"));
    }

    private Deliveries prepare(long count) throws Exception {
        long started = System.nanoTime();
        Delivery[] prepared = new Delivery[Math.toIntExact(count)];
        long first = cursor.getAndAdd(count);  // the same events, in the same order, as built on the fly
        AtomicLong next = new AtomicLong();
        runThreads(Runtime.getRuntime().availableProcessors(), () -> {
            for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                prepared[(int) i] = delivery(first + i);
            }
        });
        // collected now, off the clock: otherwise the collector copies the prepared deliveries (and frees
        // the previous phase's) while the phase is measured, and every send waits for it
        System.gc();
        System.out.printf("prepared %d signed deliveries in %.1f s%n", count, (System.nanoTime() - started) / 1e9);
        return new Deliveries(prepared);
    }

    /** The {@code i}-th delivery of the run, signed now. */
    private Delivery delivery(long i) {
        byte[] body = event(i);
        return new Delivery(body, StripeEventFactory.signatureHeader(body, SECRET));
    }

    private byte[] event(long i) {
        int subscriptions = integer("subscriptions");
        if (ThreadLocalRandom.current().nextDouble() < Double.parseDouble(options.get("duplicates")) && i > 100) {
            i -= ThreadLocalRandom.current().nextLong(1, 100);
        }
        // --burst consecutive events per subscription (a renewal emits several), then the next subscription
        int burst = integer("burst");
        long round = i / ((long) burst * subscriptions);
        long within = i % ((long) burst * subscriptions);
        return events.event((int) (within / burst), (int) (round * burst + within % burst))
                .getBytes(StandardCharsets.UTF_8);
    }

    private String query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private int integer(String option) {
        return Integer.parseInt(options.get(option));
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "memory unknown";
        }
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").start();
            return new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    interface Work {
        void run() throws Exception;
    }

    static void runThreads(int count, Work work) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(() -> {
                try {
                    work.run();
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /** Requests of one phase: statuses and ack latencies, recorded per thread without locking. */
    static final class Load {
        private final int seconds;
        private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        private final List<Recorder> recorders = new CopyOnWriteArrayList<>();
        private final ThreadLocal<Recorder> recorder = ThreadLocal.withInitial(() -> {
            Recorder r = new Recorder();
            recorders.add(r);
            return r;
        });

        private final long[] cpuAtStart;
        private final long started = System.nanoTime();
        private final Service service;
        private volatile long elapsed;
        /**
         * Acks slower than the 20 ms target from the request's write, by second of the phase: bunched in
         * a few seconds they point to pauses (a collector, a checkpoint, the disk holding flushes; see
         * --fsync-probe), spread over all of them to the three processes contending for the cores.
         */
        private final AtomicIntegerArray slowBySecond;
        /** The same from the intended send time: seconds where every connection was waiting on the service. */
        private final AtomicIntegerArray lateBySecond;
        private static final long SLOW_MICROS = 20_000;

        Load(int seconds, Service service) {
            this.seconds = seconds;
            this.service = service;
            this.cpuAtStart = Cpu.split(service.process.pid());
            this.slowBySecond = new AtomicIntegerArray(2 * seconds + 60);
            this.lateBySecond = new AtomicIntegerArray(2 * seconds + 60);
        }

        /** Ends the phase: rates and CPU are per second of the time it really took. */
        Load finish() {
            elapsed = System.nanoTime() - started;
            cpuAtEnd = Cpu.split(service.process.pid());
            return this;
        }

        private long[] cpuAtEnd;

        private double elapsedSeconds() {
            return elapsed > 0 ? elapsed / 1e9 : seconds;
        }

        /**
         * Latency is counted from {@code since}, the intended send time; the time from the request's
         * actual write is kept too, so a late load generator (it shares the cores) shows as the difference.
         */
        void send(KeepAliveClient client, Delivery delivery, long since) throws IOException {
            long written = System.nanoTime();
            int status = client.post("/webhooks/stripe", delivery.body(), "Stripe-Signature", delivery.signature())
                    .status();
            long answered = System.nanoTime();
            recorder.get().add((answered - since) / 1000, (answered - written) / 1000);
            if ((answered - written) / 1000 > SLOW_MICROS) {
                slowBySecond.incrementAndGet(second(answered));
            }
            if ((answered - since) / 1000 > SLOW_MICROS) {
                lateBySecond.incrementAndGet(second(answered));
            }
            statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        }

        private int second(long nanoTime) {
            return (int) Math.min(slowBySecond.length() - 1, (nanoTime - started) / 1_000_000_000L);
        }

        /** Acks over 20 ms by second of the phase, from the write and from the intended send time. */
        String slowBySecond() {
            int seconds = (int) Math.ceil(elapsedSeconds());
            StringBuilder fromWrite = new StringBuilder();
            StringBuilder fromIntended = new StringBuilder();
            for (int i = 0; i < seconds && i < slowBySecond.length(); i++) {
                fromWrite.append(i == 0 ? "" : " ").append(slowBySecond.get(i));
                fromIntended.append(i == 0 ? "" : " ").append(lateBySecond.get(i));
            }
            return "from the write [%s]; from the intended send time [%s]".formatted(fromWrite, fromIntended);
        }

        double throughput() {
            return requests() / elapsedSeconds();
        }

        private long requests() {
            return statuses.values().stream().mapToLong(LongAdder::sum).sum();
        }

        String summary() {
            long[] all = sorted(r -> r.values);
            long[] fromWrite = sorted(r -> r.fromWrite);
            return ("%.0f requests/s, statuses %s, ack p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms "
                    + "(from the request's actual write: p50 %.1f ms, p99 %.1f ms; %s); %s").formatted(
                    throughput(), new java.util.TreeMap<>(statuses), pct(all, 0.5), pct(all, 0.9), pct(all, 0.99),
                    all.length == 0 ? 0 : all[all.length - 1] / 1000.0, pct(fromWrite, 0.5), pct(fromWrite, 0.99),
                    slowSpread(),
                    Cpu.describe(cpuAtStart, cpuAtEnd != null ? cpuAtEnd : Cpu.split(service.process.pid()), elapsedSeconds(),
                            requests()));
        }

        private String slowSpread() {
            int slow = 0;
            int seconds = 0;
            int most = 0;
            for (int i = 0; i < slowBySecond.length(); i++) {
                int n = slowBySecond.get(i);
                slow += n;
                seconds += n > 0 ? 1 : 0;
                most = Math.max(most, n);
            }
            return "%d over %d ms, in %d of %.0f seconds, at most %d in one".formatted(slow, SLOW_MICROS / 1000,
                    seconds,
                    Math.ceil(elapsedSeconds()), most);
        }

        private long[] sorted(java.util.function.Function<Recorder, long[]> column) {
            return recorders.stream().flatMapToLong(r -> Arrays.stream(column.apply(r), 0, r.size)).sorted().toArray();
        }

        private static double pct(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1000.0;
        }

        private static final class Recorder {
            private long[] values = new long[1 << 14];
            private long[] fromWrite = new long[1 << 14];
            private int size;

            void add(long micros, long microsFromWrite) {
                if (size == values.length) {
                    values = Arrays.copyOf(values, size * 2);
                    fromWrite = Arrays.copyOf(fromWrite, size * 2);
                }
                values[size] = micros;
                fromWrite[size++] = microsFromWrite;
            }
        }
    }

    /**
     * CPU time (from /proc) of the service, PostgreSQL and this load generator, and the time their
     * threads were ready to run but waited for a core (schedstat): what limits a phase, and how much of
     * an ack's time is the three processes queueing for 2 cores.
     */
    static final class Cpu {
        private static final double TICKS = 100.0;
        private static final int SERVICE = 0;
        private static final int POSTGRES = 1;
        private static final int GENERATOR = 2;
        private static final int PROCESSES = 3;

        /** {ticks used, nanoseconds waited for a core} of {service, postgres processes, this JVM}. */
        static long[] split(long servicePid) {
            long[] split = new long[2 * PROCESSES];
            add(split, SERVICE, Path.of("/proc", String.valueOf(servicePid)));
            add(split, GENERATOR, Path.of("/proc", String.valueOf(ProcessHandle.current().pid())));
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        if (Files.readString(proc.resolve("comm")).trim().equals("postgres")) {
                            add(split, POSTGRES, proc);
                        }
                    } catch (IOException gone) {
                        // exited meanwhile
                    }
                }
            } catch (IOException noProc) {
                // not Linux: PostgreSQL's share stays 0, as the others' do
            }
            return split;
        }

        static String describe(long[] from, long[] to, double seconds, long requests) {
            double[] cores = new double[PROCESSES];
            double[] waitPerRequest = new double[PROCESSES];
            for (int i = 0; i < PROCESSES; i++) {
                cores[i] = (to[i] - from[i]) / TICKS / seconds;
                waitPerRequest[i] = (to[PROCESSES + i] - from[PROCESSES + i]) / 1e6 / Math.max(1, requests);
            }
            return ("CPU cores used: service %.2f, PostgreSQL %.2f, load generator %.2f; threads' wait for a core "
                    + "per request: service %.2f ms, PostgreSQL %.2f ms, load generator %.2f ms").formatted(
                    cores[SERVICE], cores[POSTGRES], cores[GENERATOR],
                    waitPerRequest[SERVICE], waitPerRequest[POSTGRES], waitPerRequest[GENERATOR]);
        }

        /** Adds one process's ticks and its threads' run-queue wait to {@code split}'s slots for it. */
        private static void add(long[] split, int process, Path proc) {
            try {
                String stat = Files.readString(proc.resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                split[process] += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                try (Stream<Path> threads = Files.list(proc.resolve("task"))) {
                    for (Path thread : threads.toList()) {
                        try {
                            split[PROCESSES + process] += Long.parseLong(
                                    Files.readString(thread.resolve("schedstat")).trim().split(" ")[1]);
                        } catch (IOException threadGone) {
                            // ended meanwhile
                        }
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // exited meanwhile: its share is missing from the phase, as its CPU would be
            }
        }
    }

    /** What PostgreSQL's client backends are doing, sampled every 50 ms until stopped: running, or waiting for what. */
    static final class WaitEvents {
        private final Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
        private final Thread thread;

        private WaitEvents(String jdbcUrl) {
            thread = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement()) {
                    while (!Thread.currentThread().isInterrupted()) {
                        try (ResultSet rs = s.executeQuery("SELECT coalesce(wait_event_type || ':' || wait_event, 'running') "
                                + "|| '  ' || regexp_replace(left(query, 40), '\\s+', ' ', 'g') FROM pg_stat_activity "
                                + "WHERE backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()")) {
                            while (rs.next()) {
                                counts.merge(rs.getString(1), 1, Integer::sum);
                            }
                        }
                        Thread.sleep(50);
                    }
                } catch (InterruptedException | SQLException stopped) {
                    // the phase is over
                }
            }, "wait-events");
            thread.setDaemon(true);
        }

        static WaitEvents sample(String jdbcUrl) {
            WaitEvents waits = new WaitEvents(jdbcUrl);
            waits.thread.start();
            return waits;
        }

        String stop() throws InterruptedException {
            thread.interrupt();
            thread.join(5_000);
            return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                    .map(e -> "  %6d  %s".formatted(e.getValue(), e.getKey())).collect(java.util.stream.Collectors.joining("\n"));
        }
    }

    /**
     * Times an 8 KB write and fdatasync every 10 ms on the file system of PostgreSQL's data, as a commit
     * flushes its WAL: whether slow acknowledgements wait for the disk rather than the CPU. Its own
     * 100 flushes a second add to the phase's I/O, so it runs only with --fsync-probe.
     */
    static final class FsyncProbe {
        private final Thread thread;
        private final List<Long> micros = new ArrayList<>();
        private final List<Long> worstBySecond = new ArrayList<>();

        private FsyncProbe(Path file) {
            thread = new Thread(() -> {
                try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
                    java.nio.ByteBuffer page = java.nio.ByteBuffer.allocate(8192);
                    long start = System.nanoTime();
                    for (int flush = 0; !Thread.currentThread().isInterrupted(); flush++) {
                        page.clear();
                        long before = System.nanoTime();
                        channel.write(page, (flush % 1000) * 8192L);
                        channel.force(false);
                        long took = (System.nanoTime() - before) / 1000;
                        int second = (int) ((before - start) / 1_000_000_000L);
                        synchronized (this) {
                            micros.add(took);
                            while (worstBySecond.size() <= second) {
                                worstBySecond.add(0L);
                            }
                            worstBySecond.set(second, Math.max(worstBySecond.get(second), took));
                        }
                        Thread.sleep(10);
                    }
                } catch (InterruptedException | java.nio.channels.ClosedByInterruptException stopped) {
                    // the phase ended
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } finally {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // a temp directory's file
                    }
                }
            }, "fsync-probe");
        }

        static FsyncProbe start(Path directory) {
            FsyncProbe probe = new FsyncProbe(directory.resolve("fsync-probe"));
            probe.thread.start();
            return probe;
        }

        String stop() throws InterruptedException {
            thread.interrupt();
            thread.join();
            synchronized (this) {
                long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
                return "%d flushes, p50 %.2f ms, p99 %.2f ms, max %.1f ms; the slowest by second (ms): %s".formatted(
                        sorted.length, Load.pct(sorted, 0.5), Load.pct(sorted, 0.99),
                        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0,
                        worstBySecond.stream().map(w -> String.valueOf(w / 1000)).toList());
            }
        }
    }

    /**
     * subsync's production jar in its own JVM, as deployed: unpacked, as the container image (Jib) runs it
     * and as README shows for a plain JVM; RSS is read from /proc. Unpacked it starts 2-3 s sooner than
     * from the packed jar on this kind of machine (bench/README.md).
     */
    static final class Service implements AutoCloseable {
        final Process process;
        final int port;
        final int managementPort;
        final Duration startup;
        private volatile long maxRssKb;
        private volatile long lastSample;

        private Service(Process process, int port, int managementPort, Duration startup) {
            this.process = process;
            this.port = port;
            this.managementPort = managementPort;
            this.startup = startup;
        }

        static Service start(String jdbcUrl, boolean processing, int poolSize, String jvmOptions) throws Exception {
            return start(jdbcUrl, processing, poolSize, jvmOptions, Map.of());
        }

        static Service start(String jdbcUrl, boolean processing, int poolSize, String jvmOptions,
                Map<String, String> settings) throws Exception {
            Path jar;
            try (Stream<Path> files = Files.list(Path.of("target"))) {
                jar = files.filter(f -> f.getFileName().toString().matches("subsync-.*-exec\\.jar")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("run mvn package first (bench/run.sh does)"));
            }
            int port = FreePorts.any();
            int managementPort = FreePorts.any();
            Path unpacked = Path.of("target", "bench-service");
            Process extract = new ProcessBuilder("java", "-Djarmode=tools", "-jar", jar.toString(), "extract",
                    "--destination", unpacked.toString(), "--force").inheritIO().start();
            if (extract.waitFor() != 0) {
                throw new IllegalStateException("could not unpack " + jar);
            }
            List<String> command = new ArrayList<>(List.of("java"));
            command.addAll(Arrays.asList(jvmOptions.split(",")));
            command.addAll(List.of("-jar", unpacked.resolve(jar.getFileName()).toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "bench-service.log").toFile());
            Map<String, String> env = builder.environment();
            env.put("SERVER_PORT", String.valueOf(port));
            env.put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
            env.put("SPRING_DATASOURCE_URL", jdbcUrl);
            env.put("SPRING_DATASOURCE_USERNAME", "postgres");
            env.put("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", String.valueOf(poolSize));
            env.put("SUBSYNC_STRIPE_WEBHOOK_SECRETS", SECRET);
            env.put("SUBSYNC_API_KEYS", API_KEY);
            env.put("SUBSYNC_ADMIN_API_KEYS", "bench_admin_key");
            if (!processing) {
                env.put("SUBSYNC_PROCESSING_POLL_INTERVAL", "3600000");
            }
            env.putAll(settings);
            long started = System.nanoTime();
            Process process = builder.start();
            HttpClient http = HttpClient.newHttpClient();
            URI ready = URI.create("http://localhost:" + managementPort + "/actuator/health/readiness");
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the service died; see target/bench-service.log");
                }
                try {
                    if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
            Service service = new Service(process, port, managementPort, Duration.ofNanos(System.nanoTime() - started));
            service.sampleRss();
            return service;
        }

        /** A counter's or gauge's value from the service's Prometheus endpoint; 0 while it has none. */
        double metric(String name) throws IOException, InterruptedException {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + managementPort + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        }

        void sampleRss() {
            long now = System.nanoTime();
            if (now - lastSample < 100_000_000L) {
                return;
            }
            lastSample = now;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        maxRssKb = Math.max(maxRssKb, Long.parseLong(line.replaceAll("\\D", "")));
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }

        long maxRssMb() {
            return maxRssKb / 1024;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }
}
