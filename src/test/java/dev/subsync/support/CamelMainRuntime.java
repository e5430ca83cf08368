package dev.subsync.support;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.main.Main;

/**
 * routes/ under plain camel-main with the Vert.x HTTP engine (camel-platform-http-main), no Spring: the
 * second runtime the black-box HTTP tests run against (the {@code *OnCamelMainTest} classes). It gets its
 * settings as the Camel K operator hands them to Camel: the {@code camel.*} entries of the Integration's
 * {@code traits.camel.properties} (which load subsync-defaults.properties from the jar), and the
 * ConfigMap and Secret of k8s/camel-k mounted as folders under {@code conf.d/} and read through
 * {@code camel.main.cloud-properties-location}. The database user must give its password, which comes
 * from the mounted Secret. Only what a test needs differently (port, database, short windows) is set on
 * top. One instance per JVM, started on first use.
 */
public final class CamelMainRuntime {

    private static final String CLOUD_PROPERTIES_LOCATION = "camel.main.cloud-properties-location";

    private static Main main;
    private static int port;

    private CamelMainRuntime() {
    }

    public static synchronized int port() {
        if (main == null) {
            SharedDatabase.jdbcUrl();   // first: PostgreSQL picks a free port too
            port = FreePorts.any();
            Main started = new Main();
            Map<String, String> testOverrides = new LinkedHashMap<>();
            testOverrides.put("camel.main.routes-include-pattern", "classpath:camel-main/*.camel.yaml,file:routes/*.camel.yaml");
            testOverrides.put("camel.server.enabled", "true");
            testOverrides.put("camel.server.port", String.valueOf(port));
            testOverrides.put("camel.server.maxBodySize", "2097152");
            testOverrides.put("subsync.datasource.url", SharedDatabase.urlWithoutUser());
            testOverrides.put("subsync.datasource.username", SharedDatabase.PASSWORD_USER);
            testOverrides.put("subsync.resequence.window", "300ms");
            CamelKMounts mounts = CamelKMounts.of(secrets(), testOverrides);
            // the runtime's application.properties as the operator writes it
            mounts.integrationCamelProperties().forEach(started::addInitialProperty);
            // camel-main reads this one before its type converter exists: only from the environment or a system
            // property (looked up from the initial or override properties, it fails), and only while starting.
            System.setProperty(CLOUD_PROPERTIES_LOCATION, mounts.cloudPropertiesLocation());
            try {
                started.start();
            } catch (Exception e) {
                throw new IllegalStateException("camel-main did not start", e);
            } finally {
                System.clearProperty(CLOUD_PROPERTIES_LOCATION);   // RoutesOnCamelMainTest runs in this JVM too
            }
            main = started;
            Runtime.getRuntime().addShutdownHook(new Thread(CamelMainRuntime::stop));
        }
        return port;
    }

    /** A setting as the running routes see it. */
    public static synchronized String property(String key) {
        port();
        return main.getCamelContext().getPropertiesComponent().resolveProperty(key).orElse(null);
    }

    /** The Secret's keys, and the database password, which camel-main's DataSource reads as a Camel property. */
    private static Map<String, String> secrets() {
        Map<String, String> secrets = CamelKMounts.testSecrets();
        secrets.put("subsync.datasource.password", SharedDatabase.PASSWORD);
        return secrets;
    }

    private static synchronized void stop() {
        try {
            main.stop();
        } catch (Exception ignored) {
            // the JVM is exiting
        }
    }
}
