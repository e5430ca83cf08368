package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.subsync.support.SharedDatabase;
import dev.subsync.support.SignedDelivery;
import dev.subsync.support.SubsyncTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Between the HTTP port opening and the routes starting, clients are told to retry, not "not found". */
class StartupTest {

    /** An argument, which overrides config/application.properties' 8081 (default properties would not). */
    private static final String MANAGEMENT_ON_ANY_PORT = "--management.server.port=0";
    private static final CountDownLatch ROUTES_MAY_START = new CountDownLatch(1);
    private static final AtomicInteger PORT = new AtomicInteger();

    /** Holds Camel's start until the test has asked, and learns the port Tomcat listens on. */
    @Configuration(proxyBeanMethods = false)
    static class HeldCamelStart {
        @Bean
        CamelContextConfiguration holdRoutes() {
            return new CamelContextConfiguration() {
                @Override
                public void beforeApplicationStart(CamelContext camelContext) {
                    try {
                        ROUTES_MAY_START.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void afterApplicationStart(CamelContext camelContext) {
                }
            };
        }

        @Bean
        org.springframework.context.ApplicationListener<ServletWebServerInitializedEvent> port() {
            return event -> {
                if (event.getApplicationContext().getServerNamespace() == null) {   // not the management server
                    PORT.set(event.getWebServer().getPort());
                }
            };
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aMissingSettingIsNamedWithItsEnvironmentVariableWithoutAStackTrace(CapturedOutput output) {
        SpringApplication application = new SpringApplication(SubsyncApplication.class);
        application.setDefaultProperties(Map.of("server.port", "0",
                "subsync.api.keys", SubsyncTest.API_KEY, "subsync.admin.api-keys", SubsyncTest.ADMIN_KEY));

        assertThatThrownBy(() -> application.run(MANAGEMENT_ON_ANY_PORT)).isInstanceOf(IllegalStateException.class);

        assertThat(output.getAll())
                .contains("subsync.stripe.webhook-secrets is not set (environment variable SUBSYNC_STRIPE_WEBHOOK_SECRETS)")
                .contains("spring.datasource.url is not set (environment variable SPRING_DATASOURCE_URL)")
                .doesNotContain("subsync.api.keys is not set")
                .doesNotContain("H2")
                .doesNotContain("\tat ");
    }

    @Test
    void requestsBeforeTheRoutesRunAreAnswered503Starting() throws Exception {
        SpringApplication application = new SpringApplication(SubsyncApplication.class, HeldCamelStart.class);
        application.setDefaultProperties(Map.of(
                "server.port", "0",
                "spring.datasource.url", SharedDatabase.jdbcUrl(), "spring.datasource.username", "postgres",
                "subsync.stripe.webhook-secrets", SubsyncTest.SECRET,
                "subsync.api.keys", SubsyncTest.API_KEY, "subsync.admin.api-keys", SubsyncTest.ADMIN_KEY));
        CompletableFuture<ConfigurableApplicationContext> running = CompletableFuture.supplyAsync(() -> application.run(MANAGEMENT_ON_ANY_PORT));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> PORT.get() > 0);

            for (String path : new String[] {"/webhooks/stripe", "/v1/events"}) {
                HttpResponse<String> early = SignedDelivery.send(HttpRequest.newBuilder(
                                URI.create("http://localhost:" + PORT.get() + path))
                        .header("Authorization", "Bearer " + SubsyncTest.API_KEY)
                        .header("Content-Type", "application/json")
                        .method(path.startsWith("/webhooks") ? "POST" : "GET", HttpRequest.BodyPublishers.ofString("{}"))
                        .build());
                assertThat(early.statusCode()).as(path).isEqualTo(503);
                assertThat(early.body()).contains("\"error\":\"starting\"");
                assertThat(early.headers().firstValue("Retry-After")).hasValue("1");
            }
        } finally {
            ROUTES_MAY_START.countDown();
        }
        try (ConfigurableApplicationContext context = running.get(60, TimeUnit.SECONDS)) {
            HttpResponse<String> ready = SignedDelivery.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + PORT.get() + "/v1/events"))
                    .header("Authorization", "Bearer " + SubsyncTest.API_KEY).GET().build());
            assertThat(ready.statusCode()).isEqualTo(200);
        }
    }
}
