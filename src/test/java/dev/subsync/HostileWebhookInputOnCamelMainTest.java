package dev.subsync;

import dev.subsync.support.CamelMainRuntime;

/** {@link HostileWebhookInputTest}'s checks against routes/ on plain camel-main (Vert.x), as against Spring Boot. */
class HostileWebhookInputOnCamelMainTest extends HostileWebhookInputTest {

    @Override
    protected int runtimePort(int springBootPort) {
        return CamelMainRuntime.port();
    }
}
