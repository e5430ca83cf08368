package dev.subsync.boot;

import dev.subsync.http.RequestBodies;
import java.time.Duration;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * What only the Spring Boot runtime needs around the routes: the HTTP engine's limits, threads and
 * error bodies. DataSource and Flyway come from Spring Boot's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
class SpringBootRuntime {

    private static final String WEBHOOK = "/webhooks/*";
    private static final String API = "/v1/*";

    /** Static: it checks the settings before any other bean is built. */
    @Bean
    static RequiredSettings requiredSettings() {
        return new RequiredSettings();
    }

    /**
     * Lets the routes' beans list Spring's settings by prefix, as they can on every other runtime (Camel
     * adds every PropertiesSource bean to its properties component while it configures the context).
     */
    @Bean
    SpringSettingsForCamel springSettingsForCamel(ConfigurableEnvironment environment) {
        return new SpringSettingsForCamel(environment);
    }

    @Bean
    StartupGate startupGate() {
        return new StartupGate();   // a bean of its own: it listens for the application being ready
    }

    @Bean
    FilterRegistrationBean<StartupGate> startupGateRegistration(StartupGate startupGate) {
        FilterRegistrationBean<StartupGate> registration = new FilterRegistrationBean<>(startupGate);
        registration.addUrlPatterns(WEBHOOK, API);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<UnreadableBodyRefusal> unreadableBodyRefusal() {
        FilterRegistrationBean<UnreadableBodyRefusal> registration = new FilterRegistrationBean<>(new UnreadableBodyRefusal());
        registration.addUrlPatterns(WEBHOOK, API);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyReader> webhookBodyReader(
            @Value("${subsync.webhook.max-body-size}") String maxBodySize,
            @Value("${subsync.http.body-timeout}") Duration bodyTimeout) {
        return bodyReader(WEBHOOK, "subsync.webhook.max-body-size", maxBodySize, bodyTimeout);
    }

    @Bean
    FilterRegistrationBean<RequestBodyReader> apiBodyReader(
            @Value("${subsync.api.max-body-size}") String maxBodySize,
            @Value("${subsync.http.body-timeout}") Duration bodyTimeout) {
        return bodyReader(API, "subsync.api.max-body-size", maxBodySize, bodyTimeout);
    }

    private static FilterRegistrationBean<RequestBodyReader> bodyReader(String urlPattern, String property,
            String maxBodySize, Duration bodyTimeout) {
        FilterRegistrationBean<RequestBodyReader> registration = new FilterRegistrationBean<>(
                new RequestBodyReader(RequestBodies.bytes(maxBodySize), property, maxBodySize, bodyTimeout));
        registration.addUrlPatterns(urlPattern);
        registration.setAsyncSupported(true);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /**
     * Tomcat: a deadline for the request line and headers ({@link HeaderDeadlineProtocol}); an encoded {@code /} stays in the path, so app user ids holding one can be read back
     * (the routes decode path segments themselves); its own error pages are subsync's JSON.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatForHostileClients(
            @Value("${subsync.http.header-timeout}") Duration headerTimeout) {
        return factory -> {
            factory.setProtocol(HeaderDeadlineProtocol.class.getName());
            factory.addConnectorCustomizers(connector -> {
                if (connector.getProtocolHandler() instanceof HeaderDeadlineProtocol protocol) {
                    protocol.setHeaderTimeout(headerTimeout);
                }
                connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
                connector.setAllowTrace(true);   // so that RequestLineRefusal answers it in JSON, not Tomcat with nothing
            });
            factory.addContextCustomizers(context -> context.getParent().getPipeline().addValve(new JsonErrorReportValve()));
        };
    }

    /** Replaces the auto-configured engine, whose routes run on a task executor: see {@link RoutesOnRequestThread}. */
    @Bean(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME) // the name Camel looks the engine up by
    PlatformHttpEngine platformHttpEngine(@Value("${server.port:8080}") int port) {
        return new SpringBootPlatformHttpEngine(port, RoutesOnRequestThread.EXECUTOR);
    }

    @Bean
    RoutesOnRequestThread routesOnRequestThread() {
        return new RoutesOnRequestThread();
    }

    @Bean
    FilterRegistrationBean<RequestLineRefusal> requestLineRefusal() {
        FilterRegistrationBean<RequestLineRefusal> registration = new FilterRegistrationBean<>(new RequestLineRefusal());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
