package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.support.FreePorts;
import dev.subsync.support.Scenario;
import dev.subsync.support.SharedDatabase;
import dev.subsync.support.SignedDelivery;
import dev.subsync.support.SubscriberApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every file in routes/ under plain camel-main (the programming model of Camel K and Camel JBang),
 * with the Vert.x HTTP engine and no Spring application context: a signed event is accepted,
 * applied and readable through the subscriber API.
 */
@CamelMainTest(properties = {
        "camel.main.routes-include-pattern=classpath:camel-main/*.camel.yaml,file:routes/*.camel.yaml",
        "camel.component.properties.location=classpath:subsync-defaults.properties",
        "camel.server.enabled=true",
        "camel.server.maxBodySize=1048576",
        "subsync.stripe.webhook-secrets=" + RoutesOnCamelMainTest.SECRET,
        "subsync.api.keys=" + RoutesOnCamelMainTest.API_KEY,
        "subsync.admin.api-keys=admin_key_main",
        "subsync.datasource.username=postgres",
        "subsync.resequence.window=200ms",
        "subsync.processing.poll-interval=50ms",
        "subsync.entitlements.basic_on_main=prod_basic"})
class RoutesOnCamelMainTest {

    static final String SECRET = "whsec_camel_main";
    static final String API_KEY = "app_key_main";
    private static final int PORT = FreePorts.any();

    static {
        // dynamic values reach camel-main as system properties, before its context is built
        System.setProperty("subsync.datasource.url", SharedDatabase.jdbcUrl("camel_main"));
        System.setProperty("camel.server.port", String.valueOf(PORT));
    }

    @BeanInject
    CamelContext context;

    /** The runtime of the *OnCamelMainTest classes, started later in this JVM, must not bind this port. */
    @AfterAll
    static void forgetDynamicValues() {
        System.clearProperty("subsync.datasource.url");
        System.clearProperty("camel.server.port");
    }

    @Test
    void everyRouteFileRunsUnderCamelMainAndAnEventGoesFromWebhookToSubscriberApi() throws Exception {
        assertThat(context.getClass().getName()).doesNotContain("Spring");
        try (var routeFiles = Files.list(Path.of("routes"))) {
            List<String> expected = routeFiles.map(p -> p.getFileName().toString()).sorted().toList();
            List<String> loaded = context.getRoutes().stream()
                    .map(route -> Path.of(route.getSourceLocation().replaceFirst("^file:", "").replaceFirst(":\\d+$", ""))
                            .getFileName().toString())
                    .distinct().sorted().toList();
            assertThat(loaded).containsAll(expected.stream()
                    .filter(name -> !name.equals("beans.camel.yaml") && !name.equals("error-handling.camel.yaml"))
                    .toList());
        }
        // beans.camel.yaml and error-handling.camel.yaml hold no routes: their beans and configurations are there
        assertThat(context.getRegistry().lookupByName("stripeSignature")).isNotNull();
        assertThat(context.getCamelContextExtension().getContextPlugin(Model.class).getRouteConfigurationDefinitions())
                .extracting(RouteConfigurationDefinition::getId)
                .contains("webhook-replies", "event-dead-letters", "polling-errors", "api-replies");
        Scenario scenario = Scenario.load("new-paid-subscription");
        SubscriberApi api = new SubscriberApi(PORT, API_KEY);
        assertThat(api.postReceipt(scenario.appUserId(), scenario.subscriptionId()).statusCode()).isEqualTo(201);

        SignedDelivery stripe = new SignedDelivery(PORT);
        for (String payload : scenario.payloads()) {
            assertThat(stripe.post(payload, SECRET).body()).contains("\"status\":\"accepted\"");
        }
        assertThat(stripe.post(scenario.payloads().get(0), "whsec_wrong").body()).contains("signature_mismatch");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(new ObjectMapper()
                .readTree(api.subscriber(scenario.appUserId()).body()).path("subscriber").path("sequence").asInt())
                .isEqualTo(1));
        SubscriberStateScenariosTest.assertStateMatches(api.onlySubscription(scenario.appUserId()), scenario.expectedState());
        // entitlements are read from Camel's properties here as on Spring Boot
        assertThat(new ObjectMapper().readTree(api.subscriber(scenario.appUserId()).body())
                .path("subscriber").path("entitlements").path("basic_on_main").path("product_identifier").asText())
                .isEqualTo("prod_basic");
        assertThat(SubscriberStateScenariosTest.lifecycle(api, scenario.appUserId()))
                .containsExactlyElementsOf(scenario.expectedLifecycle());
    }
}
