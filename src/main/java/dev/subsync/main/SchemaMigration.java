package dev.subsync.main;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Applies the Flyway migrations on start, for runtimes without Spring Boot's Flyway
 * auto-configuration (plain camel-main); declared in {@code camel-main/runtime.camel.yaml}.
 */
public class SchemaMigration {

    private DataSource dataSource;

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void migrate() {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }
}
