package dev.subsync;

import static dev.subsync.support.StripeFixtures.subscriptionEvent;
import static dev.subsync.support.StripeFixtures.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.subsync.support.RestartableDatabase;
import dev.subsync.support.SignedDelivery;
import dev.subsync.support.SubsyncTest;
import java.io.IOException;
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

/** A database of its own, stopped and started again under the running app. */
@CamelSpringBootTest
@DirtiesContext
@SpringBootTest(classes = SubsyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"subsync.stripe.webhook-secrets=" + StorageOutageTest.SECRET,
                "subsync.api.keys=k", "subsync.admin.api-keys=a", SubsyncTest.TOMCAT_BASE_FOLDER})
class StorageOutageTest {

    static final String SECRET = "whsec_outage_test";
    private static final RestartableDatabase DATABASE = new RestartableDatabase();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @AfterAll
    static void removeDatabase() throws IOException {
        DATABASE.close();
    }

    @Test
    void whileTheDatabaseIsDownDeliveriesGet503AndTheSameDeliveryIsAcceptedOnceItIsBack() throws IOException {
        deliveryDuringAndAfterAnOutageOf(DATABASE, port, SECRET, jdbc);
    }

    /** The same checks on every runtime: 503 storage_unavailable while down, then Stripe's retry stored once. */
    static void deliveryDuringAndAfterAnOutageOf(RestartableDatabase database, int port, String secret, JdbcTemplate jdbc)
            throws IOException {
        SignedDelivery stripe = new SignedDelivery(port);
        String id = uniqueEventId();
        String payload = subscriptionEvent(id, "customer.subscription.updated", "sub_outage");

        database.stop();
        var duringOutage = stripe.post(payload, secret);

        assertThat(duringOutage.statusCode()).isEqualTo(503);
        assertThat(duringOutage.body()).contains("\"error\":\"storage_unavailable\"");

        database.start();
        // Stripe retries the same delivery; the pool reconnects within its validation cycle
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            var retry = stripe.post(payload, secret);
            assertThat(retry.statusCode()).isEqualTo(200);
            assertThat(retry.body()).contains("\"status\":\"accepted\"");
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox WHERE event_id = ?", Integer.class, id))
                .isEqualTo(1);
    }
}
