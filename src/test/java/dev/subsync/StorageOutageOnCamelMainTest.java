package dev.subsync;

import dev.subsync.support.FreePorts;
import dev.subsync.support.RestartableDatabase;
import java.io.IOException;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * StorageOutageTest's checks under plain camel-main (the programming model of Camel K), whose pool
 * and HTTP server are not Spring Boot's: a database of its own, stopped and started again under it.
 */
@CamelMainTest(properties = {
        "camel.main.routes-include-pattern=classpath:camel-main/*.camel.yaml,file:routes/*.camel.yaml",
        "camel.component.properties.location=classpath:subsync-defaults.properties",
        "camel.server.enabled=true",
        "camel.server.maxBodySize=1048576",
        "subsync.stripe.webhook-secrets=" + StorageOutageOnCamelMainTest.SECRET,
        "subsync.api.keys=app_key_outage_main",
        "subsync.admin.api-keys=admin_key_outage_main",
        "subsync.datasource.username=postgres"})
class StorageOutageOnCamelMainTest {

    static final String SECRET = "whsec_outage_camel_main";
    private static final RestartableDatabase DATABASE = new RestartableDatabase();
    private static final int PORT = FreePorts.any();

    static {
        // dynamic values reach camel-main as system properties, before its context is built
        System.setProperty("subsync.datasource.url", DATABASE.jdbcUrl());
        System.setProperty("camel.server.port", String.valueOf(PORT));
    }

    /** The runtime of the *OnCamelMainTest classes, started later in this JVM, must not take these values. */
    @AfterAll
    static void forgetDynamicValuesAndRemoveDatabase() throws IOException {
        System.clearProperty("subsync.datasource.url");
        System.clearProperty("camel.server.port");
        DATABASE.close();
    }

    @Test
    void whileTheDatabaseIsDownDeliveriesGet503AndTheSameDeliveryIsAcceptedOnceItIsBack() throws IOException {
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(DATABASE.jdbcUrl(), "postgres", ""));

        StorageOutageTest.deliveryDuringAndAfterAnOutageOf(DATABASE, PORT, SECRET, jdbc);
    }
}
