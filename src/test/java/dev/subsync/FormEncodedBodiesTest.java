package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.subsync.support.SignedDelivery;
import dev.subsync.support.SubsyncTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A JSON body sent as a form (what {@code curl -d} does by default) gets a clear 415, and nothing is stored. */
class FormEncodedBodiesTest extends SubsyncTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
    void aWebhookSentAsAFormIsRefusedWith415AndNotStored(String contentType) throws Exception {
        assumeTrue(onSpringBoot() || !contentType.startsWith("multipart/"),
                "Vert.x parses a multipart body before the route and answers a malformed one with 500 (README: runtimes)");
        String id = "evt_form" + Long.toHexString(System.nanoTime());
        String payload = "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"invoice.updated\",\"created\":1,"
                + "\"data\":{\"object\":{\"id\":\"in_1\",\"object\":\"invoice\"}}}";

        HttpResponse<String> response = send("/webhooks/stripe", contentType, payload,
                "Stripe-Signature", SignedDelivery.stripeHeader(payload, SECRET));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).contains("\"error\":\"unsupported_media_type\"");
        assertThat(inboxRows(id)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "app_user_id=u&fetch_token=sub_1"})
    void aReceiptSentAsAFormIsRefusedWith415(String body) throws Exception {
        HttpResponse<String> response = send("/v1/receipts", "application/x-www-form-urlencoded", body,
                "Authorization", "Bearer " + API_KEY);

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("\"error\":\"unsupported_media_type\"");
    }

    private HttpResponse<String> send(String path, String contentType, String body, String header, String value)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", contentType)
                .header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
