package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsync.support.CamelQuarkusRuntime;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The Integration on Camel Quarkus reads {@code subsync.entitlements.*} from its mounted ConfigMaps, as
 * Spring Boot and camel-main read theirs, and stores the mapping at start. What the read API derives
 * from the stored mapping is the same SQL on every runtime (EntitlementsTest, RoutesOnCamelMainTest);
 * the runtime shares the tests' database, where other tests' starts replace the mapping, so its start's
 * own line is what shows it here.
 */
@EnabledIf(value = "dev.subsync.support.CamelQuarkusRuntime#built", disabledReason = "k8s/camel-k/quarkus not built (CI builds it)")
class EntitlementsOnCamelQuarkusTest {

    @Test
    void theMappingIsReadFromTheMountedConfigurationAndStoredAtStart() throws IOException {
        String entitlement = CamelQuarkusRuntime.ENTITLEMENT_SETTING.substring("subsync.entitlements.".length());

        assertThat(CamelQuarkusRuntime.log()).contains("entitlements: {" + entitlement + "=[prod_quarkus_only]}");
    }
}
