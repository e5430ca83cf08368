package dev.subsync;

import static dev.subsync.support.StripeFixtures.subscriptionEvent;
import static dev.subsync.support.StripeFixtures.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.subsync.support.AppInstances;
import dev.subsync.support.SignedDelivery;
import dev.subsync.support.SubsyncTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.ConfigurableApplicationContext;

class OperationsTest extends SubsyncTest {

    @LocalManagementPort
    private int managementPort;

    @Test
    void deliveriesAreCountedByOutcomeAndRejectionReason() {
        double acceptedBefore = deliveries("accepted", "none");
        double mismatchBefore = deliveries("rejected", "signature_mismatch");

        stripe().post(subscriptionEvent(uniqueEventId(), "customer.subscription.updated", "sub_m"), SECRET);
        stripe().post(subscriptionEvent(uniqueEventId(), "customer.subscription.updated", "sub_m"), "whsec_wrong");

        assertThat(deliveries("accepted", "none")).isEqualTo(acceptedBefore + 1);
        assertThat(deliveries("rejected", "signature_mismatch")).isEqualTo(mismatchBefore + 1);
    }

    @Test
    void eachAppInstanceInTheJvmShowsItsOwnMetrics() throws Exception {
        try (AppInstances others = new AppInstances("operations_second_instance")) {
            ConfigurableApplicationContext second = others.start("subsync.stripe.webhook-secrets=" + SECRET,
                    "subsync.api.keys=" + API_KEY, "subsync.admin.api-keys=" + ADMIN_KEY, "subsync.metrics.gauge-interval=200ms");
            int secondsManagementPort = Integer.parseInt(second.getEnvironment().getProperty("local.management.port"));
            double acceptedHereBefore = deliveries("accepted", "none");
            int parkedHere = jdbc.queryForObject("SELECT count(*) FROM inbox WHERE status = 'parked'", Integer.class);
            // no receipt for these subscriptions: the second instance parks them, a number this instance does not show
            SignedDelivery toSecond = new SignedDelivery(AppInstances.port(second));
            for (int i = 0; i <= parkedHere; i++) {
                toSecond.post(subscriptionEvent(uniqueEventId(), "customer.subscription.updated", "sub_second_" + i), SECRET);
            }
            int parkedThere = parkedHere + 1;

            await().atMost(Duration.ofSeconds(20)).until(() -> sample(secondsManagementPort, "subsync_inbox_parked") == parkedThere);
            assertThat(deliveries(secondsManagementPort, "accepted", "none")).isEqualTo(parkedThere);
            assertThat(deliveries("accepted", "none")).as("this instance's count").isEqualTo(acceptedHereBefore);
            await().atMost(Duration.ofSeconds(5)).until(() -> sample(managementPort, "subsync_inbox_parked") == jdbc.queryForObject(
                    "SELECT count(*) FROM inbox WHERE status = 'parked'", Integer.class));
        }
    }

    @Test
    void healthIncludesTheDatabase() {
        String health = get("/actuator/health");

        assertThat(health).contains("\"status\":\"UP\"").contains("\"db\":{\"status\":\"UP\"");
        assertThat(get("/actuator/health/readiness")).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/health/liveness")).contains("\"status\":\"UP\"");
    }

    private double deliveries(String outcome, String reason) {
        return deliveries(managementPort, outcome, reason);
    }

    private static double deliveries(int managementPort, String outcome, String reason) {
        return sample(managementPort, "subsync_webhook_deliveries_total\\{outcome=\"" + outcome + "\",reason=\"" + reason + "\"}");
    }

    /** The value of the metric whose name and labels match {@code metric}, from Prometheus's text; 0 when absent. */
    private static double sample(int managementPort, String metric) {
        Matcher sample = Pattern.compile("(?m)^" + metric + " (\\S+)").matcher(get(managementPort, "/actuator/prometheus"));
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }

    private String get(String path) {
        return get(managementPort, path);
    }

    /** The actuator is on the management port only (management.server.port). */
    private static String get(int managementPort, String path) {
        return SignedDelivery.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path))
                .build()).body();
    }
}
