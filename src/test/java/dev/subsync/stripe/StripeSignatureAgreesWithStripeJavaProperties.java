package dev.subsync.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.subsync.http.RequestRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Our byte-level verifier gives the same verdict as stripe-java's, for headers stripe-java generates;
 * except that an empty body, which can be no event, is refused before its signature is looked at.
 */
class StripeSignatureAgreesWithStripeJavaProperties {

    private static final long NOW = 1_760_000_000L;
    private static final String SECRET = "whsec_property_secret";

    @Property(tries = 300)
    void sameVerdictAsStripeJava(
            @ForAll("payloads") String payload,
            @ForAll @IntRange(min = -400, max = 400) int ageSeconds,
            @ForAll("secrets") String signingSecret,
            @ForAll boolean tamper) throws Exception {
        long timestamp = NOW - ageSeconds;
        String header = Webhook.Signature.generateSignatureHeader(payload, signingSecret, timestamp);
        String received = tamper ? payload + " " : payload;

        boolean stripeAccepts = stripeJavaAccepts(received, header);
        boolean weAccept = weAccept(received.getBytes(StandardCharsets.UTF_8), header);

        assertThat(weAccept).isEqualTo(stripeAccepts && !received.isEmpty());
    }

    @Provide
    Arbitrary<String> payloads() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(2000),
                Arbitraries.of("{\"id\":\"evt_1\",\"object\":\"event\",\"note\":\"caf\u00e9 \u2603 \ud83d\ude00\"}"));
    }

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.of(SECRET, "whsec_other_secret");
    }

    private static boolean stripeJavaAccepts(String payload, String header) {
        try {
            return Webhook.Signature.verifyHeader(payload, header, SECRET, 300,
                    Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
        } catch (SignatureVerificationException e) {
            return false;
        }
    }

    private static boolean weAccept(byte[] body, String header) {
        StripeSignature signature = new StripeSignature();
        signature.setSecrets(SECRET + ",whsec_unrelated_rolled_secret");
        signature.setTolerance("300s");
        signature.setClock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
        try {
            signature.verify(body, header);
            return true;
        } catch (RequestRejectedException e) {
            return false;
        }
    }
}
