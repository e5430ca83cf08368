package dev.subsync;

import static dev.subsync.support.StripeFixtures.subscriptionEvent;
import static dev.subsync.support.StripeFixtures.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.subsync.support.SignedDelivery;
import dev.subsync.support.SubsyncTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/** A database of its own, stopped and started again under the running app. */
@CamelSpringBootTest
@DirtiesContext
@SpringBootTest(classes = SubsyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"subsync.stripe.webhook-secrets=" + StorageOutageTest.SECRET,
                "subsync.api.keys=k", "subsync.admin.api-keys=a", SubsyncTest.TOMCAT_BASE_FOLDER})
class StorageOutageTest {

    static final String SECRET = "whsec_outage_test";
    private static final Path DATA = createTempDirectory();
    private static final int DB_PORT = freePort();
    private static EmbeddedPostgres postgres = startPostgres();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
        FileSystemUtils.deleteRecursively(DATA);   // its own data folder: the builder keeps it across the restart
    }

    @Test
    void whileTheDatabaseIsDownDeliveriesGet503AndTheSameDeliveryIsAcceptedOnceItIsBack() throws IOException {
        SignedDelivery stripe = new SignedDelivery(port);
        String id = uniqueEventId();
        String payload = subscriptionEvent(id, "customer.subscription.updated", "sub_outage");

        postgres.close();
        var duringOutage = stripe.post(payload, SECRET);

        assertThat(duringOutage.statusCode()).isEqualTo(503);
        assertThat(duringOutage.body()).contains("\"error\":\"storage_unavailable\"");

        postgres = startPostgres();
        // Stripe retries the same delivery; the pool reconnects within its validation cycle
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            var retry = stripe.post(payload, SECRET);
            assertThat(retry.statusCode()).isEqualTo(200);
            assertThat(retry.body()).contains("\"status\":\"accepted\"");
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox WHERE event_id = ?", Integer.class, id))
                .isEqualTo(1);
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder()
                    .setDataDirectory(DATA)
                    .setCleanDataDirectory(false)
                    .setPort(DB_PORT)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not start", e);
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("subsync-outage");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
