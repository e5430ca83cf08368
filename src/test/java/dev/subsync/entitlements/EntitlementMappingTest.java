package dev.subsync.entitlements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.subsync.settings.InvalidSettingException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading {@code subsync.entitlements.*} settings and their environment-variable form. */
class EntitlementMappingTest {

    @Test
    void settingsAndEnvironmentVariablesBothNameEntitlementsAndTheSettingWins() {
        EntitlementMapping mapping = EntitlementMapping.of(Map.of(
                "subsync.entitlements.pro", " prod_Pro , prod_ProYearly,prod_Pro",
                "SUBSYNC_ENTITLEMENTS_TEAM", "prod_Team",
                "SUBSYNC_ENTITLEMENTS_PRO", "prod_Other"));

        assertThat(mapping.productsByEntitlement()).isEqualTo(Map.of(
                "pro", List.of("prod_Pro", "prod_ProYearly"),
                "team", List.of("prod_Team")));
    }

    @Test
    void anUnreadableSettingIsNamedInTheError() {
        assertThatThrownBy(() -> EntitlementMapping.of(Map.of("subsync.entitlements.pro", "")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("subsync.entitlements.pro");
        assertThatThrownBy(() -> EntitlementMapping.of(Map.of("subsync.entitlements.pro", "prod_a;DROP TABLE")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("product ids");
        assertThatThrownBy(() -> EntitlementMapping.of(Map.of("subsync.entitlements.p r o", "prod_a")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("entitlement id");
    }
}
