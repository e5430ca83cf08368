package dev.subsync;

import static dev.subsync.support.SignedDelivery.stripeHeader;
import static dev.subsync.support.StripeFixtures.subscriptionEvent;
import static dev.subsync.support.StripeFixtures.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import dev.subsync.support.SubsyncTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest extends SubsyncTest {

    @Test
    void anEventSignedByStripesOwnLibraryIsStoredExactlyOnce() throws Exception {
        String id = uniqueEventId();
        String payload = subscriptionEvent(id, "customer.subscription.updated", "sub_sig1");
        String header = stripeHeader(payload, SECRET);
        // the header we send is one stripe-java itself accepts
        assertThat(Webhook.Signature.verifyHeader(payload, header, SECRET, 300)).isTrue();

        HttpResponse<String> response = stripe().post(payload.getBytes(StandardCharsets.UTF_8), header);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"accepted\",\"id\":\"" + id + "\"}");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Stripe-Signature")).isEmpty();
        assertThat(inboxRows(id)).isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT type, object_id, livemode, api_version, status, "
                        + "extract(epoch FROM created)::bigint AS created, payload->>'id' AS payload_id "
                        + "FROM inbox WHERE event_id = ?", id))
                .containsEntry("type", "customer.subscription.updated")
                .containsEntry("object_id", "sub_sig1")
                .containsEntry("livemode", false)
                .containsEntry("api_version", "2025-03-31.basil")
                .containsEntry("status", "received")
                .containsEntry("payload_id", id);
    }

    @Test
    void aTamperedBodyIsRejectedAndNothingIsStored() {
        String id = uniqueEventId();
        String signed = subscriptionEvent(id, "customer.subscription.updated", "sub_sig2");
        String tampered = signed.replace("\"active\"", "\"canceled\"");

        assertRejected(stripe().post(tampered.getBytes(StandardCharsets.UTF_8), stripeHeader(signed, SECRET)),
                400, "signature_mismatch", id);
    }

    @Test
    void anEventSignedWithAnUnknownSecretIsRejected() {
        String id = uniqueEventId();
        String payload = subscriptionEvent(id, "customer.subscription.updated", "sub_sig3");

        assertRejected(stripe().post(payload, "whsec_someone_elses_secret"), 400, "signature_mismatch", id);
    }

    @Test
    void aTimestampThreeHundredAndOneSecondsOldIsRejected() {
        String id = uniqueEventId();
        String payload = subscriptionEvent(id, "customer.subscription.updated", "sub_sig4");
        long stale = Instant.now().getEpochSecond() - 301;

        assertRejected(stripe().post(bytes(payload), stripeHeader(payload, SECRET, stale)),
                400, "timestamp_outside_tolerance", id);
    }

    @Test
    void aTimestampAheadOfOurClockIsAcceptedAsStripesLibrariesDo() {
        String id = uniqueEventId();
        String payload = subscriptionEvent(id, "customer.subscription.updated", "sub_sig5");
        long ahead = Instant.now().getEpochSecond() + 3600;

        assertThat(stripe().post(bytes(payload), stripeHeader(payload, SECRET, ahead)).statusCode()).isEqualTo(200);
        assertThat(inboxRows(id)).isEqualTo(1);
    }

    @Test
    void aMissingHeaderIsRejected() {
        String id = uniqueEventId();
        String payload = subscriptionEvent(id, "customer.subscription.updated", "sub_sig6");

        assertRejected(stripe().post(bytes(payload), null), 400, "missing_signature_header", id);
    }

    @Test
    void aMalformedHeaderIsRejected() {
        String id = uniqueEventId();
        String payload = subscriptionEvent(id, "customer.subscription.updated", "sub_sig7");

        assertRejected(stripe().post(bytes(payload), "this is not a signature"), 400, "malformed_signature_header", id);
        assertRejected(stripe().post(bytes(payload), "t=yesterday,v1=" + "ab".repeat(32)),
                400, "malformed_signature_header", id);
        assertRejected(stripe().post(bytes(payload), "t=" + now() + ",v1=zz"), 400, "malformed_signature_header", id);
    }

    @Test
    void aHeaderWithOnlyTheFakeTestModeV0SchemeIsNeverTrusted() {
        String id = uniqueEventId();
        String payload = subscriptionEvent(id, "customer.subscription.updated", "sub_sig8");
        // a correct HMAC, but under the v0 scheme Stripe adds to test-mode events as a decoy
        String v1Header = stripeHeader(payload, SECRET);
        String v0Only = v1Header.replace("v1=", "v0=");

        assertRejected(stripe().post(bytes(payload), v0Only), 400, "no_v1_signature", id);
    }

    @Test
    void duringASecretRollEventsSignedWithEitherSecretAreAccepted() {
        String current = uniqueEventId();
        String previous = uniqueEventId();

        assertThat(stripe().post(subscriptionEvent(current, "customer.subscription.updated", "sub_roll"), SECRET)
                .statusCode()).isEqualTo(200);
        assertThat(stripe().post(subscriptionEvent(previous, "customer.subscription.updated", "sub_roll"),
                ROLLED_SECRET).statusCode()).isEqualTo(200);
        assertThat(inboxRows(current)).isEqualTo(1);
        assertThat(inboxRows(previous)).isEqualTo(1);
    }

    @Test
    void aHeaderWithTwoV1SignaturesIsAcceptedWhenOneMatches() {
        String id = uniqueEventId();
        String payload = subscriptionEvent(id, "customer.subscription.updated", "sub_sig9");
        long t = now();
        String unknown = stripeHeader(payload, "whsec_rolled_out_long_ago", t).replaceFirst("^t=\\d+,", "");
        String matching = stripeHeader(payload, SECRET, t).replaceFirst("^t=\\d+,", "");

        HttpResponse<String> response = stripe().post(bytes(payload), "t=" + t + "," + unknown + "," + matching);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(inboxRows(id)).isEqualTo(1);
    }

    private void assertRejected(HttpResponse<String> response, int status, String error, String eventId) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).contains("\"error\":\"" + error + "\"").contains("\"message\":\"");
        assertThat(response.body()).doesNotContain(SECRET).doesNotContain(ROLLED_SECRET);
        assertThat(inboxRows(eventId)).isZero();
    }

    private static byte[] bytes(String payload) {
        return payload.getBytes(StandardCharsets.UTF_8);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
