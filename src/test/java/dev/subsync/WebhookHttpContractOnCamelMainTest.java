package dev.subsync;

import dev.subsync.support.CamelMainRuntime;

/** {@link WebhookHttpContractTest}'s checks against routes/ on plain camel-main (Vert.x), as against Spring Boot. */
class WebhookHttpContractOnCamelMainTest extends WebhookHttpContractTest {

    @Override
    protected int runtimePort(int springBootPort) {
        return CamelMainRuntime.port();
    }
}
