package dev.subsync;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The local run ({@code mvn spring-boot:test-run}): subsync on an embedded PostgreSQL whose data,
 * and a generated webhook signing secret, live in {@code .subsync-local/} across restarts. It sits
 * on the test classpath so the production jar never carries the embedded database. Environment
 * variables still win, e.g. {@code SUBSYNC_STRIPE_WEBHOOK_SECRETS} with the secret {@code stripe listen} prints.
 */
public final class LocalSubsync {

    private static final java.util.concurrent.atomic.AtomicReference<FileLock> LOCK =
            new java.util.concurrent.atomic.AtomicReference<>();

    private LocalSubsync() {
    }

    public static void main(String[] args) throws IOException {
        Path home = Path.of(System.getProperty("subsync.local.dir", ".subsync-local")).toAbsolutePath();
        Files.createDirectories(home);
        if (!holdLock(home)) {
            System.err.printf("%n  subsync: a local run is already running with the data in %s;"
                    + " stop it first, or start this one with -Dsubsync.local.dir=<another folder>%n%n", home);
            System.exit(1);
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(home.resolve("postgres"))
                .setCleanDataDirectory(false)
                // durable like production: the embedded server's default turns synchronous_commit off
                .setServerConfig("synchronous_commit", "on")
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres)));

        Map<String, Object> defaults = new HashMap<>();
        defaults.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
        defaults.put("spring.datasource.username", "postgres");
        defaults.put("subsync.stripe.webhook-secrets", persistentSecret(home.resolve("webhook-secret"), "whsec_local_"));
        defaults.put("subsync.api.keys", persistentSecret(home.resolve("api-key"), "sk_local_app_"));
        defaults.put("subsync.admin.api-keys", persistentSecret(home.resolve("admin-api-key"), "sk_local_admin_"));
        // Standard Webhooks' format; used once SUBSYNC_WEBHOOKS_URL names a receiver
        defaults.put("subsync.webhooks.secret", persistentSecret(home.resolve("push-secret"),
                random -> "whsec_" + Base64.getEncoder().encodeToString(random)));
        if (Files.isDirectory(Path.of("routes"))) {
            // from the source tree, run the routes as they are on disk
            defaults.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml");
        }
        SpringApplication application = new SpringApplication(SubsyncApplication.class);
        application.setDefaultProperties(defaults);
        ConfigurableApplicationContext context = application.run(withManagementPort(args));

        Environment env = context.getEnvironment();
        String url = "http://localhost:" + env.getProperty("local.server.port") + "/webhooks/stripe";
        String actuator = "http://localhost:" + env.getProperty("local.management.port") + "/actuator";
        // printed (not logged) on purpose: a local, generated secret the developer needs to sign test events
        System.out.printf("%n  subsync is running (local data in %s)%n"
                        + "  webhook URL:     %s%n"
                        + "  signing secret:  %s%n"
                        + "  API key:         %s%n"
                        + "  admin API key:   %s%n"
                        + "  push secret:     %s (push %s)%n"
                        + "  actuator:        %s (health, prometheus)%n"
                        + "  send a test event: scripts/send-test-event.sh%n%n",
                home, url, env.getProperty("subsync.stripe.webhook-secrets"), env.getProperty("subsync.api.keys"),
                env.getProperty("subsync.admin.api-keys"), env.getProperty("subsync.webhooks.secret"),
                env.getProperty("subsync.webhooks.url", "").isBlank() ? "off: set SUBSYNC_WEBHOOKS_URL to turn it on"
                        : "to " + env.getProperty("subsync.webhooks.url"), actuator);
    }

    /** Held until the JVM exits: the embedded PostgreSQL of one data folder cannot serve two runs. */
    static boolean holdLock(Path home) throws IOException {
        FileChannel channel = FileChannel.open(home.resolve("run.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldInThisJvm) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            return false;
        }
        LOCK.set(lock);
        return true;
    }

    /**
     * The actuator next to the HTTP port, so that local runs on other ports do not collide on 8081;
     * an argument, since config/application.properties' value would win over a default property.
     */
    private static String[] withManagementPort(String[] args) {
        if (System.getenv("MANAGEMENT_SERVER_PORT") != null || System.getProperty("management.server.port") != null) {
            return args;
        }
        String[] withPort = java.util.Arrays.copyOf(args, args.length + 1);
        withPort[args.length] = "--management.server.port=" + (serverPort() + 1);
        return withPort;
    }

    private static int serverPort() {
        String port = System.getProperty("server.port", System.getenv().getOrDefault("SERVER_PORT", "8080"));
        return Integer.parseInt(port.trim());
    }

    private static String persistentSecret(Path file, String prefix) throws IOException {
        return persistentSecret(file, random -> prefix + HexFormat.of().formatHex(random));
    }

    private static String persistentSecret(Path file, Function<byte[], String> format) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String secret = format.apply(random);
        Files.writeString(file, secret, StandardCharsets.UTF_8);
        return secret;
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
