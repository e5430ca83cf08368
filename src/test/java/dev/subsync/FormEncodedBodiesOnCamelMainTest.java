package dev.subsync;

import dev.subsync.support.CamelMainRuntime;

/** {@link FormEncodedBodiesTest}'s checks against routes/ on plain camel-main (Vert.x), as against Spring Boot. */
class FormEncodedBodiesOnCamelMainTest extends FormEncodedBodiesTest {

    @Override
    protected int runtimePort(int springBootPort) {
        return CamelMainRuntime.port();
    }
}
