package dev.subsync.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.subsync.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

/** Push settings that cannot work stop the start with the setting's name; an empty url is push off. */
class AppWebhooksSettingsTest {

    @Test
    void aUrlWithoutASecretStopsTheStart() {
        AppWebhooks webhooks = new AppWebhooks();
        webhooks.setUrl("https://app.example.com/hooks/subsync");
        webhooks.setSigner(new StandardWebhooksSigner());

        assertThatThrownBy(webhooks::check).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("subsync.webhooks.secret is required");
    }

    @Test
    void aUrlThatIsNotHttpStopsTheStart() {
        AppWebhooks webhooks = new AppWebhooks();

        assertThatThrownBy(() -> webhooks.setUrl("ftp://app.example.com/hooks")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("subsync.webhooks.url");
        assertThatThrownBy(() -> webhooks.setUrl("app.example.com/hooks")).isInstanceOf(InvalidSettingException.class);
    }

    @Test
    void anEmptyUrlIsPushOffAndNeedsNoSecret() {
        AppWebhooks webhooks = new AppWebhooks();
        webhooks.setUrl(" ");

        assertThatCode(webhooks::check).doesNotThrowAnyException();
        assertThat(webhooks.enabled()).isFalse();
    }

    @Test
    void retriesDoubleWithJitterUpToAnHour() {
        AppWebhooks webhooks = new AppWebhooks();
        webhooks.setRetryInitialInterval("5s");

        assertThat(webhooks.retryDelay(1)).isBetween(4_000L, 6_000L);
        assertThat(webhooks.retryDelay(3)).isBetween(16_000L, 24_000L);
        assertThat(webhooks.retryDelay(40)).isEqualTo(3_600_000L);
    }
}
