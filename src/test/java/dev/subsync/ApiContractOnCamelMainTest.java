package dev.subsync;

import dev.subsync.support.CamelMainRuntime;

/** {@link ApiContractTest}'s checks against routes/ on plain camel-main (Vert.x), as against Spring Boot. */
class ApiContractOnCamelMainTest extends ApiContractTest {

    @Override
    protected int runtimePort(int springBootPort) {
        return CamelMainRuntime.port();
    }
}
