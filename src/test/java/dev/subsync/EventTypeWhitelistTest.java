package dev.subsync;

import static dev.subsync.support.StripeFixtures.subscriptionEvent;
import static dev.subsync.support.StripeFixtures.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsync.support.SubsyncTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EventTypeWhitelistTest extends SubsyncTest {

    @ParameterizedTest
    @ValueSource(strings = {"customer.subscription.created", "customer.subscription.updated",
            "customer.subscription.deleted", "charge.refunded", "invoice.updated"})
    void eachDefaultEventTypeIsAccepted(String type) {
        String id = uniqueEventId();

        HttpResponse<String> response = stripe().post(subscriptionEvent(id, type, "sub_types"), SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"accepted\"");
        assertThat(inboxRows(id)).isEqualTo(1);
    }

    @Test
    void anUnhandledEventTypeIsIgnoredWithA200AndNothingIsStored() {
        String id = uniqueEventId();

        HttpResponse<String> response =
                stripe().post(subscriptionEvent(id, "payment_intent.succeeded", "pi_123"), SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo("{\"status\":\"ignored\",\"id\":\"" + id + "\",\"reason\":\"event type not handled\"}");
        assertThat(inboxRows(id)).isZero();
    }
}
