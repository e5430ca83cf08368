package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.support.StripeFixtures;
import dev.subsync.support.SubscriberApi;
import dev.subsync.support.SubsyncTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class DeadLetterChannelTest extends SubsyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aChargeWithNoResolvableSubscriptionIsDeadLetteredAndRedriveAppliesItOnceTheCauseIsFixed() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String customer = "cus_" + run;
        String subscription = "sub_" + run;
        String user = "user-" + run;
        long now = Instant.now().getEpochSecond();
        String chargeEvent = StripeFixtures.event("evt_" + run + "_charge", "charge.refunded", now, """
                {"id":"ch_%s","object":"charge","customer":"%s","amount":500,"amount_refunded":500,"refunded":true,
                 "created":%d,"payment_intent":"pi_%s"}"""
                .formatted(run, customer, now, run));
        String chargeId = "evt_" + run + "_charge";

        stripe().post(chargeEvent, SECRET);
        awaitProcessed(List.of(chargeId));

        assertThat(inboxStatus(chargeId)).isEqualTo("dead_lettered");
        JsonNode listed = deadLetters(admin(), "?reason=subscription_not_resolvable&limit=1000");
        JsonNode letter = find(listed, chargeId);
        assertThat(letter.path("reason").asText()).isEqualTo("subscription_not_resolvable");
        assertThat(letter.path("route_id").asText()).isEqualTo("charge-linker");
        assertThat(letter.path("attempts").asInt()).isEqualTo(1);
        long id = letter.path("id").asLong();
        JsonNode detail = JSON.readTree(admin().get("/v1/admin/dead-letters/" + id).body());
        assertThat(detail.path("payload").path("id").asText()).isEqualTo(chargeId);
        assertThat(detail.path("error_message").asText()).contains("no subscription");

        // redrive before the cause is fixed: it fails again and stays listed
        HttpResponse<String> tooEarly = admin().post("/v1/admin/dead-letters/" + id + "/redrive", "");
        assertThat(tooEarly.statusCode()).isEqualTo(409);
        assertThat(tooEarly.body()).contains("redrive_failed");
        assertThat(JSON.readTree(admin().get("/v1/admin/dead-letters/" + id).body()).path("attempts").asInt())
                .isEqualTo(2);

        // the fix: the subscription, its paid invoice and the invoice payment that links the charge's
        // payment intent to that invoice become known, and the subscription's receipt is posted
        api().postReceipt(user, subscription);
        String subscriptionEvent = StripeFixtures.event("evt_" + run + "_sub", "customer.subscription.created", now - 60, """
                {"id":"%s","object":"subscription","customer":"%s","status":"active","cancel_at_period_end":false,
                 "current_period_start":%d,"current_period_end":%d,
                 "items":{"data":[{"price":{"id":"price_1","product":"prod_1"}}]}}"""
                .formatted(subscription, customer, now - 60, now + 2_592_000));
        String invoiceEvent = StripeFixtures.event("evt_" + run + "_invoice", "invoice.updated", now - 60, """
                {"id":"in_%s","object":"invoice","customer":"%s","status":"paid",
                 "parent":{"type":"subscription_details","subscription_details":{"subscription":"%s"}}}"""
                .formatted(run, customer, subscription));
        String paymentEvent = StripeFixtures.event("evt_" + run + "_payment", "invoice_payment.paid", now - 60, """
                {"id":"inpay_%s","object":"invoice_payment","invoice":"in_%s","status":"paid",
                 "payment":{"type":"payment_intent","payment_intent":"pi_%s"}}"""
                .formatted(run, run, run));
        for (String event : List.of(subscriptionEvent, invoiceEvent, paymentEvent)) {
            stripe().post(event, SECRET);
        }
        awaitProcessed(List.of("evt_" + run + "_sub", "evt_" + run + "_invoice", "evt_" + run + "_payment"));

        HttpResponse<String> redriven = admin().post("/v1/admin/dead-letters/" + id + "/redrive", "");

        assertThat(redriven.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(redriven.body()).path("outcome").asText()).isEqualTo("applied");
        assertThat(inboxStatus(chargeId)).isEqualTo("applied");
        assertThat(admin().get("/v1/admin/dead-letters/" + id).statusCode()).isEqualTo(404);
        assertThat(SubscriberStateScenariosTest.lifecycle(api(), user))
                .containsExactly("INITIAL_PURCHASE/NORMAL", "REFUND", "EXPIRATION/CUSTOMER_SUPPORT");
    }

    @Test
    void aTransientFailureIsRedeliveredBeforeItIsDeadLettered() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String eventId = eventFailingUntilItsStateIsRemoved(run);

        assertThat(jdbc.queryForMap("SELECT reason, attempts FROM dead_letters WHERE event_id = ?", eventId))
                .containsEntry("reason", "processing_failed")
                .containsEntry("attempts", 4);
    }

    @Test
    void eachRedeliveryIsLoggedOnceAtWarnAndCamelsErrorHandlerLoggerIsLeftAlone(CapturedOutput output) {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String[] eventId = new String[1];
        withDebugLogging(CAMEL_ERROR_HANDLER_LOG, () -> eventId[0] = eventFailingUntilItsStateIsRemoved(run));

        List<String> lines = output.getAll().lines().filter(line -> line.contains(eventId[0])).toList();
        assertThat(lines.stream().filter(line -> line.contains("trying again")))
                .hasSize(3).allMatch(line -> line.contains(" WARN ") && line.contains("attempt "));
        assertThat(lines).anyMatch(line -> line.contains(" WARN ") && line.contains("dead-lettered event id=" + eventId[0]));
        assertThat(output.getAll()).doesNotContain("On delivery attempt").doesNotContain("Exhausted after delivery attempt")
                .doesNotContain("Failed delivery for");
    }

    @Test
    void everyInboxEventEndsInAFinalStatus() {
        assertThat(jdbc.queryForList("SELECT DISTINCT status FROM inbox WHERE status NOT IN "
                        + "('received', 'processing', 'applied', 'stale', 'parked', 'dead_lettered', 'discarded')", String.class))
                .isEmpty();
    }

    private SubscriberApi admin() {
        return new SubscriberApi(port, ADMIN_KEY);
    }

    private static JsonNode deadLetters(SubscriberApi admin, String query) throws Exception {
        HttpResponse<String> response = admin.get("/v1/admin/dead-letters" + query);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("dead_letters");
    }

    private static JsonNode find(JsonNode letters, String eventId) {
        for (JsonNode letter : letters) {
            if (letter.path("event_id").asText().equals(eventId)) {
                return letter;
            }
        }
        throw new AssertionError("no dead letter for " + eventId + " in " + letters);
    }
}
