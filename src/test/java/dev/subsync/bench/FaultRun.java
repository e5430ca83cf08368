package dev.subsync.bench;

import dev.subsync.support.FreePorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.Socket;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fault run (bench/fault-run.sh): the production jar under a steady signed load while it is
 * killed with SIGKILL and restarted, while PostgreSQL is stopped and started again, and while 1,000
 * clients hold stalled uploads open. Prints what was acknowledged, what is stored, what was lost
 * (must be 0) and how long each fault took to recover from. Loopback only; bounded in time.
 */
public final class FaultRun {

    private final AtomicReference<Bench.Service> service = new AtomicReference<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    /** The first acknowledgement after {@link #watchSince}: when the service took deliveries again. */
    private final AtomicLong firstAckSince = new AtomicLong();
    private volatile long watchSince = Long.MAX_VALUE;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final StripeEventFactory events = new StripeEventFactory(UUID.randomUUID().toString().substring(0, 8),
            System.currentTimeMillis() / 1000);
    private volatile boolean loading = true;

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0].replaceAll("\\D", "")) : 200;
        Path data = Files.createTempDirectory("subsync-faults");
        int pgPort = FreePorts.any();
        EmbeddedPostgres postgres = startPostgres(data, pgPort);
        String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
        new FaultRun().run(rate, data, pgPort, postgres, jdbcUrl);
    }

    private void run(int rate, Path data, int pgPort, EmbeddedPostgres firstPostgres, String jdbcUrl) throws Exception {
        EmbeddedPostgres postgres = firstPostgres;
        service.set(Bench.Service.start(jdbcUrl, true, 16, Bench.SERVICE_JVM));
        System.out.printf("subsync fault run: %d signed deliveries/s on loopback%n", rate);
        List<Thread> senders = startLoad(rate);
        List<String> results = new ArrayList<>();
        try {
            settle(5);

            // 1. kill -9 under load, then start again
            Bench.Service victim = service.getAndSet(null);
            victim.process.destroyForcibly().waitFor();
            long killed = watchFromNow();   // once it is dead: any acknowledgement now is the new instance's
            Bench.Service restarted = Bench.Service.start(jdbcUrl, true, 16, Bench.SERVICE_JVM);
            service.set(restarted);
            results.add(String.format("kill -9 under load: acknowledging again %.1f s after the kill (startup %.1f s)",
                    secondsUntilAckAfter(killed), restarted.startup.toMillis() / 1000.0));
            settle(5);

            // 2. PostgreSQL stopped for 5 s under load, then started again
            postgres.close();
            settle(5);
            postgres = startPostgres(data, pgPort);
            long restartedDb = watchFromNow();
            results.add(String.format("PostgreSQL stopped for 5 s: acknowledging again %.1f s after it started",
                    secondsUntilAckAfter(restartedDb)));
            settle(5);

            // 3. 1,000 stalled uploads open while the load goes on
            results.add(stalledUploads(1_000));
            settle(3);
        } finally {
            loading = false;
            for (Thread sender : senders) {
                sender.join();
            }
        }
        long stored = stored(jdbcUrl);
        System.out.println();
        results.forEach(line -> System.out.println("  " + line));
        System.out.printf("  acknowledged %d, stored %d of them, lost %d; refused (503 while storage was down) %d,"
                        + " no answer (connection refused or reset while killed) %d%n",
                acknowledged.size(), stored, acknowledged.size() - stored, refused.get(), failed.get());
        service.get().close();
        postgres.close();
        if (stored != acknowledged.size()) {
            System.exit(1);
        }
    }

    private List<Thread> startLoad(int rate) {
        int threads = 16;
        long intervalNanos = 1_000_000_000L * threads / rate;
        List<Thread> senders = new ArrayList<>();
        AtomicInteger subscription = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            Thread sender = new Thread(() -> {
                long next = System.nanoTime();
                while (loading) {
                    send(events.event(subscription.incrementAndGet(), 0));
                    next += intervalNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);   // pacing the load, not waiting for a result
                    }
                }
            }, "fault-load-" + t);
            sender.start();
            senders.add(sender);
        }
        return senders;
    }

    private void send(String payload) {
        Bench.Service current = service.get();
        if (current == null) {
            failed.incrementAndGet();
            return;
        }
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + current.port + "/webhooks/stripe"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Stripe-Signature", StripeEventFactory.signatureHeader(body, Bench.SECRET))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                acknowledged.add(payload.substring(payload.indexOf("\"evt_") + 1, payload.indexOf('"', payload.indexOf("\"evt_") + 1)));
                long now = System.nanoTime();
                if (now > watchSince) {
                    firstAckSince.compareAndSet(0, now);
                }
            } else {
                refused.incrementAndGet();
            }
        } catch (IOException e) {
            failed.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** From now on, remember the first acknowledgement; returns now. */
    private long watchFromNow() {
        firstAckSince.set(0);
        watchSince = System.nanoTime();
        return watchSince;
    }

    /** Seconds from {@code since} until the first acknowledgement after it (polled every 10 ms, up to 120 s). */
    private double secondsUntilAckAfter(long since) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (firstAckSince.get() == 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
        long first = firstAckSince.get();
        watchSince = Long.MAX_VALUE;
        return first == 0 ? Double.NaN : (first - since) / 1e9;
    }

    private String stalledUploads(int count) throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket("localhost", service.get().port);
                socket.getOutputStream().write(("POST /webhooks/stripe HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"id\":")
                        .getBytes(StandardCharsets.US_ASCII));
                stalled.add(socket);
            }
            long[] latencies = new long[20];
            for (int i = 0; i < latencies.length; i++) {
                long started = System.nanoTime();
                int before = acknowledged.size();
                send(events.event(1_000_000 + i, 0));
                latencies[i] = System.nanoTime() - started;
                if (acknowledged.size() == before) {
                    return "1,000 stalled uploads: a delivery was not acknowledged";
                }
            }
            Arrays.sort(latencies);
            return String.format("%d stalled uploads open: 20 deliveries answered in %.1f ms median, %.1f ms at most",
                    count, latencies[10] / 1e6, latencies[19] / 1e6);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    private long stored(String jdbcUrl) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM inbox WHERE event_id = ANY(?)")) {
            count.setArray(1, connection.createArrayOf("text", acknowledged.toArray()));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void settle(int seconds) {
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(seconds).toNanos());   // load runs meanwhile
    }

    /** Never a clean data directory: zonky deletes a clean one when it stops, and the restart needs it. */
    private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .start();
    }
}
