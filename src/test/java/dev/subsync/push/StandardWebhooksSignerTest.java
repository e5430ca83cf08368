package dev.subsync.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import dev.subsync.settings.InvalidSettingException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** subsync's push signatures are the Standard Webhooks scheme: the specification's vector and its Java library agree. */
class StandardWebhooksSignerTest {

    // the test vector of the Standard Webhooks specification and its reference libraries
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330;
    private static final String SPEC_PAYLOAD = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void theSpecificationsVectorIsSignedAsTheSpecificationSays() {
        StandardWebhooksSigner signer = new StandardWebhooksSigner();
        signer.setSecrets(SPEC_SECRET);

        assertThat(signer.signature(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD)).isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void withTwoSecretsEachSignatureVerifiesWithTheStandardWebhooksLibrary() throws Exception {
        String current = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String previous = SPEC_SECRET;
        StandardWebhooksSigner signer = new StandardWebhooksSigner();
        signer.setSecrets(current + ", " + previous);
        long now = System.currentTimeMillis() / 1000;
        String body = "{\"api_version\":\"1.0\",\"event\":{\"id\":\"lce_1\"}}";

        String signature = signer.signature("lce_1", now, body);

        assertThat(signature.split(" ")).hasSize(2);
        Map<String, List<String>> headers = Map.of("webhook-id", List.of("lce_1"),
                "webhook-timestamp", List.of(Long.toString(now)), "webhook-signature", List.of(signature));
        for (String secret : List.of(current, previous)) {
            assertThatCode(() -> new Webhook(secret).verify(body, headers)).as(secret).doesNotThrowAnyException();
        }
    }

    @Test
    void aSecretNotInTheStandardFormatStopsTheStart() {
        StandardWebhooksSigner signer = new StandardWebhooksSigner();
        assertThatThrownBy(() -> signer.setSecrets("whsec_c2hvcnQ="))           // 5 bytes
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("subsync.webhooks.secret");
        assertThatThrownBy(() -> signer.setSecrets("not-a-secret"))
                .isInstanceOf(InvalidSettingException.class);
    }
}
