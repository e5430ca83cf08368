package dev.subsync;

import static dev.subsync.support.StripeFixtures.subscriptionEvent;
import static dev.subsync.support.StripeFixtures.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsync.support.SubsyncTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = {
        "subsync.stripe.unhandled-event-types=reject",
        "subsync.stripe.event-types=invoice.updated , payment_intent.succeeded"})
class RejectingUnhandledEventTypesTest extends SubsyncTest {

    @Test
    void inRejectModeAnUnhandledEventTypeGetsA400AndNothingIsStored() {
        String id = uniqueEventId();

        HttpResponse<String> response =
                stripe().post(subscriptionEvent(id, "customer.subscription.updated", "sub_1"), SECRET);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"error\":\"event_type_not_allowed\"")
                .contains("customer.subscription.updated");
        assertThat(inboxRows(id)).isZero();
    }

    @Test
    void theWhitelistIsConfigurable() {
        String id = uniqueEventId();

        HttpResponse<String> response =
                stripe().post(subscriptionEvent(id, "payment_intent.succeeded", "pi_1"), SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"accepted\"");
        assertThat(inboxRows(id)).isEqualTo(1);
    }
}
