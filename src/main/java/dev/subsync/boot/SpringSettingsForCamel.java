package dev.subsync.boot;

import java.util.Properties;
import java.util.function.Predicate;
import org.apache.camel.spi.LoadablePropertiesSource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * Spring's settings as a Camel properties source that can be listed, not only looked up: beans the
 * routes declare can then read a family of settings by prefix (as {@code subsync.entitlements.*}) the
 * same way on Spring Boot as on camel-main and Camel Quarkus, whose Camel properties list their
 * configuration already.
 */
class SpringSettingsForCamel implements LoadablePropertiesSource {

    private final ConfigurableEnvironment environment;

    SpringSettingsForCamel(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public String getName() {
        return "spring-environment";
    }

    @Override
    public String getProperty(String name) {
        return environment.getProperty(name);
    }

    @Override
    public Properties loadProperties() {
        return loadProperties(name -> true);
    }

    @Override
    public Properties loadProperties(Predicate<String> filter) {
        Properties properties = new Properties();
        for (var source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (filter.test(name) && !properties.containsKey(name)) {
                        String value = environment.getProperty(name);   // resolved, in Spring's precedence
                        if (value != null) {
                            properties.setProperty(name, value);
                        }
                    }
                }
            }
        }
        return properties;
    }

    @Override
    public void reloadProperties(String location) {
        // Spring's environment is read live
    }
}
