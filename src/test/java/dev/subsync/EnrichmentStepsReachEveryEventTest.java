package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsync.processing.ClaimedEvent;
import dev.subsync.support.Scenario;
import dev.subsync.support.SharedDatabase;
import dev.subsync.support.SubsyncTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * routes/ is the only processing path: a step an integration engineer adds to event-processor (here
 * with Camel's route advice, after enrichment) acts on every event, whether a claim applies it or parks
 * it, or a receipt's release applies it.
 */
@DirtiesContext
class EnrichmentStepsReachEveryEventTest extends SubsyncTest {

    /** A database of its own: the other tests' apps, still running in this JVM, would claim its events. */
    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        registry.add("subsync.test.own-database-url", () -> SharedDatabase.jdbcUrl("advised_event_processor"));
    }

    /** What the added step saw: event id, the app user enrichment found, and whether the events came from a claim. */
    private record Seen(String eventId, String appUserId, boolean withClaim) {
    }

    private static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
    /** A subscription whose receipt is deleted after the routes read it, as an erasure committing then would. */
    private static volatile String receiptRemovedMidClaim = "";

    @Autowired
    private CamelContext camel;

    @BeforeEach
    void addAStepBeforeParkOrApply() throws Exception {
        if (camel.getRoute("event-processor").getProperties().containsKey("advised")) {
            return;
        }
        AdviceWith.adviceWith(camel, "event-processor", route -> {
            // an engineer's step after enrichment: it sees each event with what enrichment found
            route.weaveById("park-until-receipt").before().process(exchange -> {
                boolean fromClaim = exchange.getVariable("claimed") != null;
                List<ClaimedEvent> events = exchange.getMessage().getBody(List.class);
                for (ClaimedEvent event : events) {
                    SEEN.add(new Seen(event.event().id(), event.appUserId(), fromClaim));
                }
            });
            // an erasure that commits after the routes read the receipts
            route.weaveById("apply-together").before().process(exchange -> {
                List<ClaimedEvent> chosen = exchange.getVariable("toApply", List.class);
                if (chosen.stream().anyMatch(e -> receiptRemovedMidClaim.equals(e.subscriptionId()))) {
                    jdbc.update("DELETE FROM receipts WHERE fetch_token = ?", receiptRemovedMidClaim);
                }
            });
        });
        camel.getRoute("event-processor").getProperties().put("advised", true);
    }

    @Test
    void aStepAddedToEventProcessorSeesEventsAppliedWithTheClaimParkedAndReleased() throws Exception {
        Scenario withReceipt = Scenario.load("renewal");
        Scenario withoutReceipt = Scenario.load("renewal");

        postWithAndWithoutReceipt(withReceipt, withoutReceipt);
        assertThat(withoutReceipt.eventIds()).allSatisfy(id -> assertThat(inboxStatus(id)).isEqualTo("parked"));
        api().postReceipt(withoutReceipt.appUserId(), withoutReceipt.subscriptionId());

        assertThat(withReceipt.eventIds()).allSatisfy(id -> {
            assertThat(inboxStatus(id)).isIn("applied", "stale");
            assertThat(SEEN).contains(new Seen(id, withReceipt.appUserId(), true));
        });
        assertThat(withoutReceipt.eventIds()).allSatisfy(id -> {
            assertThat(inboxStatus(id)).isIn("applied", "stale");
            assertThat(SEEN).contains(new Seen(id, null, true), new Seen(id, withoutReceipt.appUserId(), false));
        });
        SubscriberStateScenariosTest.assertEndsAsExpected(api(), withReceipt);
        SubscriberStateScenariosTest.assertEndsAsExpected(api(), withoutReceipt);
    }

    @Test
    void anEventWhoseReceiptIsRemovedAfterEnrichmentIsNotAppliedButParks() {
        Scenario scenario = Scenario.load("renewal");
        api().postReceipt(scenario.appUserId(), scenario.subscriptionId());
        receiptRemovedMidClaim = scenario.subscriptionId();

        scenario.payloads().forEach(payload -> stripe().post(payload, SECRET));
        awaitProcessed(scenario.eventIds());

        assertThat(scenario.eventIds()).allSatisfy(id -> assertThat(inboxStatus(id)).isEqualTo("parked"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM subscriptions WHERE subscription_id = ?", Integer.class,
                scenario.subscriptionId())).isZero();
    }
}
