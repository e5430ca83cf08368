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
    private volatile Properties listing;

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

    /**
     * Camel lists the source for every placeholder it resolves, so the listing is taken once: Spring's
     * settings are complete before the routes start, and resolving each of them is slow.
     */
    @Override
    public Properties loadProperties(Predicate<String> filter) {
        Properties matching = new Properties();
        listing().forEach((name, value) -> {
            if (filter.test((String) name)) {
                matching.put(name, value);
            }
        });
        return matching;
    }

    private Properties listing() {
        Properties listed = listing;
        if (listed == null) {
            listed = new Properties();
            for (var source : environment.getPropertySources()) {
                if (source instanceof EnumerablePropertySource<?> enumerable) {
                    for (String name : enumerable.getPropertyNames()) {
                        if (!listed.containsKey(name)) {
                            String value = environment.getProperty(name);   // resolved, in Spring's precedence
                            if (value != null) {
                                listed.setProperty(name, value);
                            }
                        }
                    }
                }
            }
            listing = listed;
        }
        return listed;
    }

    @Override
    public void reloadProperties(String location) {
        // Spring's environment is read live
    }
}
