package dev.subsync;

import static dev.subsync.support.StripeFixtures.event;
import static dev.subsync.support.StripeFixtures.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.subsync.http.RequestRejectedException;
import dev.subsync.support.SignedDelivery;
import dev.subsync.support.SubsyncTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Validly signed or not, what a client sends never causes a 5xx or a logged stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class HostileWebhookInputTest extends SubsyncTest {

    @Test
    void anEmptyBodyIsRefusedAsEmptyWithoutAStackTrace(CapturedOutput output) {
        HttpResponse<String> signed = stripe().post(new byte[0], SignedDelivery.stripeHeader("", SECRET));
        HttpResponse<String> unsigned = stripe().post(new byte[0], null);
        HttpResponse<String> noLength = SignedDelivery.send(HttpRequest.newBuilder(stripe().uri())
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", SignedDelivery.stripeHeader("", SECRET))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

        for (HttpResponse<String> response : new HttpResponse[] {signed, unsigned, noLength}) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("\"error\":\"empty_body\"");
        }
        assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    /**
     * A refusal is answered and logged by the route, and never reaches Camel's error-handler logger,
     * whose level swapping can turn a concurrent request's DEBUG line into an ERROR: with that logger
     * at DEBUG, nothing of a refused delivery shows.
     */
    @Test
    void aRefusedDeliveryLeavesCamelsErrorHandlerLoggerAlone(CapturedOutput output) {
        assumeFalse(onCamelQuarkus(), "Camel Quarkus logs in a process of its own");
        withDebugLogging(CAMEL_ERROR_HANDLER_LOG, () -> {
            assertThat(stripe().post("{\"id\":", SECRET).statusCode()).isEqualTo(400);
            assertThat(stripe().post("{}".getBytes(StandardCharsets.UTF_8), null).statusCode()).isEqualTo(400);
        });

        assertThat(output.getAll()).contains("reason=invalid_json")
                .doesNotContain("caught: " + RequestRejectedException.class.getName());
    }

    @Test
    void deeplyNestedJsonOrAHugeNumberIsInvalidJson(CapturedOutput output) {
        String nested = "[".repeat(5_000) + "]".repeat(5_000);
        String hugeNumber = "{\"id\":\"evt_x\",\"object\":\"event\",\"n\":" + "9".repeat(2_000) + "}";

        for (String body : new String[] {nested, hugeNumber}) {
            HttpResponse<String> response = stripe().post(body, SECRET);
            assertThat(response.statusCode()).as(body.substring(0, 20)).isEqualTo(400);
            assertThat(response.body()).contains("\"error\":\"invalid_json\"");
        }
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    @Test
    void idsLongerThan255CharactersAreRefusedAtTheDoor() {
        String id = uniqueEventId();
        String longObjectId = event(id, "customer.subscription.updated", Instant.now().getEpochSecond(),
                "{\"id\":\"sub_" + "a".repeat(10_000) + "\",\"object\":\"subscription\",\"customer\":\"cus_1\"}");
        String longCustomer = event(uniqueEventId(), "customer.subscription.updated", Instant.now().getEpochSecond(),
                "{\"id\":\"sub_1\",\"object\":\"subscription\",\"customer\":\"cus_" + "c".repeat(10_000) + "\"}");

        for (String body : new String[] {longObjectId, longCustomer}) {
            HttpResponse<String> response = stripe().post(body, SECRET);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("\"error\":\"not_a_stripe_event\"").contains("255");
        }
        assertThat(inboxRows(id)).isZero();
    }

    @Test
    void queryParametersCannotStandInForTheSignatureHeader() {
        String payload = event(uniqueEventId(), "customer.subscription.updated", Instant.now().getEpochSecond(),
                "{\"id\":\"sub_q\",\"object\":\"subscription\",\"customer\":\"cus_q\"}");
        String header = SignedDelivery.stripeHeader(payload, SECRET);
        HttpRequest request = HttpRequest.newBuilder(java.net.URI.create(stripe().uri() + "?Stripe-Signature="
                        + java.net.URLEncoder.encode(header, StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();

        HttpResponse<String> response = SignedDelivery.send(request);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"error\":\"invalid_parameter\"")
                .contains("takes no query parameters").doesNotContain("Failed to invoke");
    }
}
