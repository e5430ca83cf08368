package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.support.StripeFixtures;
import dev.subsync.support.SubsyncTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * From API version 2025-03-31 a charge names no invoice. A refunded charge counts as the subscription's
 * only when Stripe links it: its payment intent is the one the invoice_payment.paid event of the
 * subscription's invoice names. A one-off purchase refunded mid-period leaves access alone.
 */
class RefundLinkingTest extends SubsyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRefundedOneOffChargeOfTheSameCustomerDoesNotEndTheSubscription() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String customer = "cus_" + run;
        String subscription = "sub_" + run;
        String user = "user-" + run;
        long start = Instant.now().getEpochSecond() - 3_600;
        api().postReceipt(user, subscription);
        List<String> paid = List.of(
                StripeFixtures.event("evt_" + run + "_sub", "customer.subscription.created", start, """
                        {"id":"%s","object":"subscription","customer":"%s","status":"active","cancel_at_period_end":false,
                         "items":{"data":[{"price":{"id":"price_1","product":"prod_1"},
                                           "current_period_start":%d,"current_period_end":%d}]}}"""
                        .formatted(subscription, customer, start, start + 2_592_000)),
                StripeFixtures.event("evt_" + run + "_invoice", "invoice.updated", start, """
                        {"id":"in_%s","object":"invoice","customer":"%s","status":"paid",
                         "parent":{"type":"subscription_details","subscription_details":{"subscription":"%s"}}}"""
                        .formatted(run, customer, subscription)),
                StripeFixtures.event("evt_" + run + "_payment", "invoice_payment.paid", start, """
                        {"id":"inpay_%s","object":"invoice_payment","invoice":"in_%s","status":"paid",
                         "payment":{"type":"payment_intent","payment_intent":"pi_%s_sub"}}"""
                        .formatted(run, run, run)));
        paid.forEach(event -> stripe().post(event, SECRET));
        awaitProcessed(List.of("evt_" + run + "_sub", "evt_" + run + "_invoice", "evt_" + run + "_payment"));
        assertThat(subscription(user).path("is_active").asBoolean()).isTrue();

        // a one-off purchase by the same customer, bought and refunded in this period
        String oneOff = refundedCharge(run, "oneoff", customer, start + 600);
        stripe().post(oneOff, SECRET);
        awaitProcessed(List.of("evt_" + run + "_oneoff"));

        assertThat(subscription(user).path("is_active").asBoolean()).isTrue();
        assertThat(SubscriberStateScenariosTest.lifecycle(api(), user)).containsExactly("INITIAL_PURCHASE/NORMAL");
        assertThat(inboxStatus("evt_" + run + "_oneoff")).isEqualTo("dead_lettered");
        assertThat(jdbc.queryForObject("SELECT reason FROM dead_letters WHERE event_id = ?", String.class,
                "evt_" + run + "_oneoff")).isEqualTo("subscription_not_resolvable");

        // the subscription's own charge, linked through its payment intent, refunded: access ends
        stripe().post(refundedCharge(run, "sub", customer, start), SECRET);
        awaitProcessed(List.of("evt_" + run + "_sub_charge"));

        assertThat(subscription(user).path("is_active").asBoolean()).isFalse();
        assertThat(SubscriberStateScenariosTest.lifecycle(api(), user))
                .containsExactly("INITIAL_PURCHASE/NORMAL", "REFUND", "EXPIRATION/CUSTOMER_SUPPORT");
    }

    private static String refundedCharge(String run, String name, String customer, long created) {
        String eventId = name.equals("sub") ? "evt_" + run + "_sub_charge" : "evt_" + run + "_" + name;
        return StripeFixtures.event(eventId, "charge.refunded", created + 60, """
                {"id":"ch_%s_%s","object":"charge","customer":"%s","amount":900,"amount_refunded":900,"refunded":true,
                 "created":%d,"payment_intent":"pi_%s_%s"}"""
                .formatted(run, name, customer, created, run, name));
    }

    private JsonNode subscription(String user) throws Exception {
        return api().onlySubscription(user);
    }
}
