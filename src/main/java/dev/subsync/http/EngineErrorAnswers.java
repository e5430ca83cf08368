package dev.subsync.http;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.StartupListener;

/**
 * Makes the answers an HTTP engine gives before any route runs (405 for a method a path does not take,
 * 413 for a body over the limit, 404) subsync's JSON on the runtimes whose engine is Camel's Vert.x
 * router (camel-main, and Camel Quarkus where it binds the same router). Spring Boot answers them in
 * its error controller; there, no router is found and nothing is done.
 */
public class EngineErrorAnswers implements StartupListener, CamelContextAware {

    /** Camel's Vert.x router, present where the runtime serves platform-http with Vert.x. */
    private static final String VERTX_ROUTER = "org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter";

    private CamelContext camelContext;

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** The router exists once the HTTP server has started, so the answers are installed after the start. */
    public void install() throws Exception {
        camelContext.addStartupListener(this);
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // nothing here: routes may still be starting; see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        try {
            Class.forName(VERTX_ROUTER, false, getClass().getClassLoader());
        } catch (ClassNotFoundException notVertx) {
            return;   // Spring Boot: Tomcat, whose errors JsonErrorController answers
        }
        dev.subsync.vertx.VertxErrorAnswers.install(context);   // loaded only where Vert.x is
    }
}
