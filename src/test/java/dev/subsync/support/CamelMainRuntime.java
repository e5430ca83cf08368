package dev.subsync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.apache.camel.main.Main;

/**
 * routes/ under plain camel-main with the Vert.x HTTP engine (camel-platform-http-main), no Spring: the
 * second runtime the black-box HTTP tests run against (the {@code *OnCamelMainTest} classes), with the
 * settings of {@link SubsyncTest} and the shared database. One instance per JVM, started on first use.
 */
public final class CamelMainRuntime {

    private static Main main;
    private static int port;

    private CamelMainRuntime() {
    }

    public static synchronized int port() {
        if (main == null) {
            String database = SharedDatabase.jdbcUrl();   // first: PostgreSQL picks a free port too
            port = freePort();
            Main started = new Main();
            // override: RoutesOnCamelMainTest leaves system properties for the same keys in this JVM
            started.addOverrideProperty("camel.main.routes-include-pattern",
                    "classpath:camel-main/*.camel.yaml,file:routes/*.camel.yaml");
            started.addOverrideProperty("camel.server.enabled", "true");
            started.addOverrideProperty("camel.server.port", String.valueOf(port));
            started.addOverrideProperty("camel.server.maxBodySize", "1048576");
            started.addOverrideProperty("subsync.datasource.url", database);
            started.addOverrideProperty("subsync.datasource.username", "postgres");
            started.addOverrideProperty("subsync.stripe.webhook-secrets", SubsyncTest.SECRET + "," + SubsyncTest.ROLLED_SECRET);
            started.addOverrideProperty("subsync.api.keys", SubsyncTest.API_KEY);
            started.addOverrideProperty("subsync.admin.api-keys", SubsyncTest.ADMIN_KEY);
            started.addOverrideProperty("subsync.resequence.window", "300ms");
            started.addOverrideProperty("subsync.processing.poll-interval", "50ms");
            try {
                started.start();
            } catch (Exception e) {
                throw new IllegalStateException("camel-main did not start", e);
            }
            main = started;
            Runtime.getRuntime().addShutdownHook(new Thread(CamelMainRuntime::stop));
        }
        return port;
    }

    private static synchronized void stop() {
        try {
            main.stop();
        } catch (Exception ignored) {
            // the JVM is exiting
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
