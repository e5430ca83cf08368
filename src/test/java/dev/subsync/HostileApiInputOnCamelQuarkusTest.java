package dev.subsync;

import dev.subsync.support.CamelQuarkusRuntime;
import org.junit.jupiter.api.condition.EnabledIf;

/** {@link HostileApiInputTest}'s checks against the Integration on Camel Quarkus, as against Spring Boot. */
@EnabledIf(value = "dev.subsync.support.CamelQuarkusRuntime#built", disabledReason = "k8s/camel-k/quarkus not built (CI builds it)")
class HostileApiInputOnCamelQuarkusTest extends HostileApiInputTest {

    @Override
    protected int runtimePort(int springBootPort) {
        return CamelQuarkusRuntime.port();
    }
}
