package dev.subsync.entitlements;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the configured {@link EntitlementMapping} in {@code entitlement_products} when the service
 * starts, replacing what was there: the subscriber API derives entitlements from that table when it
 * reads, so a changed mapping applies to every subscriber after a restart, without replaying events.
 * Settings are read through Camel's properties, which every runtime fills from its own configuration.
 */
public class Entitlements implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(Entitlements.class);
    private static final String INSERT = "INSERT INTO entitlement_products (entitlement_id, product_id) VALUES (?, ?)";

    private CamelContext camelContext;
    private DataSource dataSource;

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Replaces the stored mapping with the configured one, in one transaction. */
    public void store() throws SQLException {
        EntitlementMapping mapping = EntitlementMapping.of(settings());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement delete = connection.createStatement();
                    PreparedStatement insert = connection.prepareStatement(INSERT)) {
                delete.execute("LOCK TABLE entitlement_products; DELETE FROM entitlement_products");
                for (Map.Entry<String, List<String>> entitlement : mapping.productsByEntitlement().entrySet()) {
                    for (String product : entitlement.getValue()) {
                        insert.setString(1, entitlement.getKey());
                        insert.setString(2, product);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        LOG.info("entitlements: {}", mapping.productsByEntitlement().isEmpty()
                ? "none configured; each product grants one named after it" : mapping.productsByEntitlement());
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith(EntitlementMapping.ENVIRONMENT_PREFIX)) {
                settings.put(name, value);
            }
        });
        Properties properties = camelContext.getPropertiesComponent()
                .loadProperties(key -> key.startsWith(EntitlementMapping.PREFIX));
        properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
        return settings;
    }
}
