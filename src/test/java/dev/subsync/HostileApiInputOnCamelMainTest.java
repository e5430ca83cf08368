package dev.subsync;

import dev.subsync.support.CamelMainRuntime;

/** {@link HostileApiInputTest}'s checks against routes/ on plain camel-main (Vert.x), as against Spring Boot. */
class HostileApiInputOnCamelMainTest extends HostileApiInputTest {

    @Override
    protected int runtimePort(int springBootPort) {
        return CamelMainRuntime.port();
    }
}
