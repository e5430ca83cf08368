package dev.subsync;

import static dev.subsync.support.SignedDelivery.stripeHeader;
import static dev.subsync.support.StripeFixtures.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsync.support.SubsyncTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WebhookPayloadTest extends SubsyncTest {

    @Test
    void aValidlySignedBodyThatIsNotJsonIsRejected() {
        String body = "id=evt_123&type=customer.subscription.updated";

        HttpResponse<String> response = stripe().post(body, SECRET);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"error\":\"invalid_json\"");
    }

    @Test
    void jsonFollowedByGarbageIsNotJson() {
        String id = uniqueEventId();
        String body = event(id, "\"event\"", "\"customer.subscription.updated\"", "1700000000", "{\"id\":\"sub_1\"}")
                + " trailing";

        HttpResponse<String> response = stripe().post(body, SECRET);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"error\":\"invalid_json\"");
        assertThat(inboxRows(id)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing id          | -                 | "event"   | "customer.subscription.updated" | 1700000000 | {"id":"sub_1"}
            id not evt_         | "cus_123"         | "event"   | "customer.subscription.updated" | 1700000000 | {"id":"sub_1"}
            missing type        | ID                | "event"   | -                               | 1700000000 | {"id":"sub_1"}
            missing created     | ID                | "event"   | "customer.subscription.updated" | -          | {"id":"sub_1"}
            created not number  | ID                | "event"   | "customer.subscription.updated" | "today"    | {"id":"sub_1"}
            missing data.object | ID                | "event"   | "customer.subscription.updated" | 1700000000 | -
            data.object a list  | ID                | "event"   | "customer.subscription.updated" | 1700000000 | []
            object not event    | ID                | "invoice" | "customer.subscription.updated" | 1700000000 | {"id":"sub_1"}
            """)
    void jsonThatIsNotAStripeEventIsRejectedAndNotStored(
            String why, String idJson, String objectJson, String typeJson, String createdJson, String dataObject) {
        String id = uniqueEventId();
        String body = event(idJson.replace("ID", "\"" + id + "\""), objectJson, typeJson, createdJson, dataObject);

        HttpResponse<String> response = stripe().post(body, SECRET);

        assertThat(response.statusCode()).as(why).isEqualTo(400);
        assertThat(response.body()).as(why).contains("\"error\":\"not_a_stripe_event\"");
        assertThat(inboxRows(id)).isZero();
    }

    @Test
    void aJsonArrayIsNotAStripeEvent() {
        HttpResponse<String> response = stripe().post("[1,2,3]", SECRET);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"error\":\"not_a_stripe_event\"");
    }

    @Test
    void anEventPostgresCannotStoreIsRefusedWithAClearReason() {
        String id = uniqueEventId();
        // valid JSON, but jsonb cannot hold the NUL character
        String body = event("\"" + id + "\"", "\"event\"", "\"customer.subscription.updated\"", "1700000000",
                "{\"id\":\"sub_1\",\"description\":\"nul \\u0000 here\"}");

        HttpResponse<String> response = stripe().post(body.getBytes(StandardCharsets.UTF_8), stripeHeader(body, SECRET));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"error\":\"payload_not_storable\"");
        assertThat(inboxRows(id)).isZero();
    }

    /** Builds an envelope, leaving out each field given as "-". */
    private static String event(String id, String object, String type, String created, String dataObject) {
        StringBuilder json = new StringBuilder("{");
        append(json, "id", id);
        append(json, "object", object);
        append(json, "type", type);
        append(json, "created", created);
        append(json, "data", dataObject.equals("-") ? "{}" : "{\"object\":" + dataObject + "}");
        append(json, "livemode", "false");
        json.setLength(json.length() - 1);
        return json.append('}').toString();
    }

    private static void append(StringBuilder json, String field, String value) {
        if (!value.equals("-")) {
            json.append('"').append(field).append("\":").append(value).append(',');
        }
    }
}
