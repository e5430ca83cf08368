package dev.subsync.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.subsync.http.Rejection;
import dev.subsync.http.RequestRejectedException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The inbox keeps payloads as json text, which would take a NUL character that jsonb and text cannot
 * hold later: the webhook refuses it wherever it is, and only it.
 */
class NulCharacterTest {

    private final StripeEvents events = new StripeEvents();

    @Test
    void aNulInAFieldNameIsRefused() {
        assertThatThrownBy(() -> events.read(event("{\"id\":\"sub_1\",\"metadata\":{\"a\\u0000b\":\"x\"}}")))
                .isInstanceOfSatisfying(RequestRejectedException.class,
                        e -> assertThat(e.getRejection()).isEqualTo(Rejection.PAYLOAD_NOT_STORABLE));
    }

    @Test
    void aNulInAnArrayIsRefused() {
        assertThatThrownBy(() -> events.read(event("{\"id\":\"sub_1\",\"items\":[\"ok\",\"nul \\u0000\"]}")))
                .isInstanceOfSatisfying(RequestRejectedException.class,
                        e -> assertThat(e.getRejection()).isEqualTo(Rejection.PAYLOAD_NOT_STORABLE));
    }

    @Test
    void anEscapedBackslashBeforeU0000IsPlainText() {
        StripeEvent event = events.read(event("{\"id\":\"sub_1\",\"description\":\"C:\\\\u0000\"}"));

        assertThat(event.payload()).contains("C:\\\\u0000");
    }

    private static byte[] event(String dataObject) {
        return ("{\"id\":\"evt_nul\",\"object\":\"event\",\"type\":\"customer.subscription.updated\","
                + "\"created\":1700000000,\"data\":{\"object\":" + dataObject + "}}").getBytes(StandardCharsets.UTF_8);
    }
}
