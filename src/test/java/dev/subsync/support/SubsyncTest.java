package dev.subsync.support;

import dev.subsync.SubsyncApplication;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running app (its YAML routes, Tomcat on a random port) on the shared embedded PostgreSQL.
 * Subclasses that add no properties share one Spring context.
 */
@CamelSpringBootTest
@AutoConfigureObservability
@SpringBootTest(classes = SubsyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "subsync.stripe.webhook-secrets=" + SubsyncTest.SECRET + "," + SubsyncTest.ROLLED_SECRET,
                "subsync.api.keys=" + SubsyncTest.API_KEY,
                "subsync.admin.api-keys=" + SubsyncTest.ADMIN_KEY,
                "subsync.resequence.window=300ms",
                "subsync.processing.poll-interval=50ms",
                "subsync.parked-expiry.interval=200ms",
                "subsync.inbox.retention-interval=200ms",
                "subsync.metrics.gauge-interval=1s",
                SubsyncTest.TOMCAT_BASE_FOLDER})
public abstract class SubsyncTest {

    /**
     * Every app the tests start keeps Tomcat's files in the build folder: by default Spring Boot makes a
     * folder in the machine's shared /tmp for each start and leaves it there.
     */
    public static final String TOMCAT_BASE_FOLDER = "server.tomcat.basedir=target/tomcat";
    public static final String SECRET = "whsec_test_current_0123456789abcdef";
    public static final String ROLLED_SECRET = "whsec_test_previous_fedcba9876543210";
    public static final String API_KEY = "sk_app_test_key_0123456789";
    public static final String ADMIN_KEY = "sk_admin_test_key_9876543210";
    /** Where Camel's error handlers log (see "Camel's error-handler logger" in routes/error-handling.camel.yaml). */
    protected static final String CAMEL_ERROR_HANDLER_LOG = "org.apache.camel.processor.errorhandler";

    @LocalServerPort
    private int springBootPort;

    /** The port of the runtime under test: Spring Boot's, unless a subclass runs the same checks on another. */
    protected int port;

    @BeforeEach
    final void chooseRuntime() {
        port = runtimePort(springBootPort);
    }

    /** Overridden by the {@code *OnCamelMainTest} classes, which run a test class's checks on camel-main. */
    protected int runtimePort(int springBootPort) {
        return springBootPort;
    }

    protected boolean onSpringBoot() {
        return port == springBootPort;
    }

    /** The {@code *OnCamelQuarkusTest} classes run a test class's checks on the Integration on Camel Quarkus. */
    protected boolean onCamelQuarkus() {
        return getClass().getSimpleName().endsWith("OnCamelQuarkusTest");
    }

    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void sharedDatabase(DynamicPropertyRegistry registry) {
        // a subclass that needs a database of its own sets subsync.test.own-database-url
        registry.add("spring.datasource.url", () -> "${subsync.test.own-database-url:" + SharedDatabase.jdbcUrl() + "}");
        registry.add("spring.datasource.username", () -> "postgres");
    }

    /** Runs the action with the named logger at DEBUG (this JVM's runtimes only), then restores its level. */
    protected static void withDebugLogging(String logger, Runnable action) {
        LoggingSystem logging = LoggingSystem.get(SubsyncTest.class.getClassLoader());
        logging.setLogLevel(logger, LogLevel.DEBUG);
        try {
            action.run();
        } finally {
            logging.setLogLevel(logger, null);
        }
    }

    protected SignedDelivery stripe() {
        return new SignedDelivery(port);
    }

    protected SubscriberApi api() {
        return new SubscriberApi(port, API_KEY);
    }

    /**
     * Two customers of the same scenario, one with its receipt posted first and one without, their
     * events posted alternately (so that one claim can hold both), and processed.
     */
    protected void postWithAndWithoutReceipt(Scenario withReceipt, Scenario withoutReceipt) {
        api().postReceipt(withReceipt.appUserId(), withReceipt.subscriptionId());
        for (int i = 0; i < withReceipt.payloads().size(); i++) {
            stripe().post(withReceipt.payloads().get(i), SECRET);
            stripe().post(withoutReceipt.payloads().get(i), SECRET);
        }
        awaitProcessed(withReceipt.eventIds());
        awaitProcessed(withoutReceipt.eventIds());
    }

    /** Waits until none of these events is still waiting or being processed. */
    protected void awaitProcessed(java.util.Collection<String> eventIds) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id = ANY(?) AND status IN ('received', 'processing')",
                Integer.class, (Object) eventIds.toArray(String[]::new)) == 0);
    }

    /**
     * Posts an update of a new subscription whose stored state cannot be read, so every attempt fails
     * the same way and the event ends dead-lettered as processing_failed; returns the event id.
     */
    protected String eventFailingUntilItsStateIsRemoved(String run) {
        String subscription = "sub_" + run;
        api().postReceipt("user-" + run, subscription);
        jdbc.update("INSERT INTO subscriptions (subscription_id, app_user_id, state, summary, last_event_id, "
                + "last_event_created) VALUES (?, ?, '{\"status\": 42}', '{}', 'evt_x', now())", subscription, "user-" + run);
        String eventId = "evt_" + run;
        stripe().post(dev.subsync.support.StripeFixtures.subscriptionEvent(eventId, "customer.subscription.updated",
                subscription), SECRET);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> "dead_lettered".equals(inboxStatus(eventId)));
        return eventId;
    }

    protected String inboxStatus(String eventId) {
        return jdbc.queryForObject("SELECT status FROM inbox WHERE event_id = ?", String.class, eventId);
    }

    protected int inboxRows(String eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM inbox WHERE event_id = ?", Integer.class, eventId);
    }
}
