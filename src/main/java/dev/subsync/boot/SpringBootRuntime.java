package dev.subsync.boot;

import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * What only the Spring Boot runtime needs around the routes: the HTTP engine's limits, threads and
 * error bodies. DataSource and Flyway come from Spring Boot's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
class SpringBootRuntime {

    @Bean
    FilterRegistrationBean<RequestBodyLimit> webhookBodyLimit(
            @Value("${subsync.webhook.max-body-size}") String maxBodySize) {
        FilterRegistrationBean<RequestBodyLimit> registration =
                new FilterRegistrationBean<>(new RequestBodyLimit(DataSize.parse(maxBodySize), maxBodySize));
        registration.addUrlPatterns("/webhooks/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<FormBodyRefusal> formBodyRefusal() {
        FilterRegistrationBean<FormBodyRefusal> registration = new FilterRegistrationBean<>(new FormBodyRefusal());
        registration.addUrlPatterns("/webhooks/*", "/v1/*");
        return registration;
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
    ErrorAttributes jsonErrors() {
        return new JsonErrors();
    }
}
