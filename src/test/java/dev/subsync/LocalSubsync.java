package dev.subsync;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
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

    private LocalSubsync() {
    }

    public static void main(String[] args) throws IOException {
        Path home = Path.of(System.getProperty("subsync.local.dir", ".subsync-local")).toAbsolutePath();
        Files.createDirectories(home);
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
        if (Files.isDirectory(Path.of("routes"))) {
            // from the source tree, run the routes as they are on disk
            defaults.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml");
        }
        SpringApplication application = new SpringApplication(SubsyncApplication.class);
        application.setDefaultProperties(defaults);
        ConfigurableApplicationContext context = application.run(args);

        Environment env = context.getEnvironment();
        String url = "http://localhost:" + env.getProperty("local.server.port") + "/webhooks/stripe";
        // printed (not logged) on purpose: a local, generated secret the developer needs to sign test events
        System.out.printf("%n  subsync is running (local data in %s)%n"
                        + "  webhook URL:     %s%n"
                        + "  signing secret:  %s%n"
                        + "  API key:         %s%n"
                        + "  admin API key:   %s%n"
                        + "  send a test event: scripts/send-test-event.sh%n%n",
                home, url, env.getProperty("subsync.stripe.webhook-secrets"), env.getProperty("subsync.api.keys"),
                env.getProperty("subsync.admin.api-keys"));
    }

    private static String persistentSecret(Path file, String prefix) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String secret = prefix + HexFormat.of().formatHex(random);
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
