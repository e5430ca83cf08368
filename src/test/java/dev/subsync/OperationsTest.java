package dev.subsync;

import static dev.subsync.support.StripeFixtures.subscriptionEvent;
import static dev.subsync.support.StripeFixtures.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsync.support.SignedDelivery;
import dev.subsync.support.SubsyncTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

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
    void healthIncludesTheDatabase() {
        String health = get("/actuator/health");

        assertThat(health).contains("\"status\":\"UP\"").contains("\"db\":{\"status\":\"UP\"");
        assertThat(get("/actuator/health/readiness")).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/health/liveness")).contains("\"status\":\"UP\"");
    }

    private double deliveries(String outcome, String reason) {
        Matcher sample = Pattern.compile("subsync_webhook_deliveries_total\\{outcome=\"" + outcome
                        + "\",reason=\"" + reason + "\"} (\\S+)")
                .matcher(get("/actuator/prometheus"));
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }

    /** The actuator is on the management port only (management.server.port). */
    private String get(String path) {
        return SignedDelivery.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path))
                .build()).body();
    }
}
