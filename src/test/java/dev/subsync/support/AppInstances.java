package dev.subsync.support;

import dev.subsync.SubsyncApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Whole subsync instances started in the test, on random ports, on one database of the shared
 * embedded PostgreSQL: for tests about several instances or restarts. Close it after each test.
 */
public final class AppInstances implements AutoCloseable {

    private final String url;
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    public AppInstances(String database) {
        this.url = SharedDatabase.jdbcUrl(database);
    }

    public JdbcTemplate jdbc() {
        return new JdbcTemplate(new DriverManagerDataSource(url, "postgres", ""));
    }

    /**
     * An instance with these settings besides its database, a random port and no JMX. They are given
     * as command-line arguments, so they win over application.properties as a deployment's would.
     */
    public ConfigurableApplicationContext start(String... settings) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SubsyncApplication.class)
                .run(Stream.concat(Stream.of(
                        "server.port=0",
                        SubsyncTest.TOMCAT_BASE_FOLDER,
                        "management.server.port=0",
                        "spring.datasource.url=" + url,
                        "spring.datasource.username=postgres",
                        "camel.main.jmx-enabled=false"), Stream.of(settings)).map(setting -> "--" + setting)
                        .toArray(String[]::new));
        instances.add(context);
        return context;
    }

    public static int port(ConfigurableApplicationContext instance) {
        return ((WebServerApplicationContext) instance).getWebServer().getPort();
    }

    @Override
    public void close() {
        instances.forEach(ConfigurableApplicationContext::close);
        instances.clear();
    }
}
