package dev.subsync.boot;

import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Refuses to start, before any bean is built, when a setting without a default is missing, and says
 * which one and its environment variable; without it the first failure was a Camel placeholder stack
 * trace or Spring's advice to add an embedded H2 database.
 */
class RequiredSettings implements BeanFactoryPostProcessor, EnvironmentAware {

    static final List<String> REQUIRED = List.of(
            "subsync.stripe.webhook-secrets", "subsync.api.keys", "subsync.admin.api-keys", "spring.datasource.url");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> missing = REQUIRED.stream()
                .filter(key -> environment.getProperty(key, "").isBlank())
                .toList();
        if (!missing.isEmpty()) {
            throw new MissingSettingsException(missing);
        }
    }

    /** {@code SUBSYNC_API_KEYS} for {@code subsync.api.keys}: Spring's relaxed binding of environment variables. */
    static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static final class MissingSettingsException extends IllegalStateException {
        private final List<String> keys;

        MissingSettingsException(List<String> keys) {
            super("missing settings: " + keys);
            this.keys = keys;
        }

        List<String> keys() {
            return keys;
        }
    }
}
