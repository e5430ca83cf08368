package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsync.support.Scenario;
import dev.subsync.support.SubsyncTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The running app resequences what arrives within the window and never rolls back on what arrives later. */
class OutOfOrderDeliveryTest extends SubsyncTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"new-paid-subscription", "incomplete-checkout-expired", "payment-failure-recovered",
            "trial-canceled", "full-refund"})
    void deliveriesShuffledAndDuplicatedWithinTheWindowGiveTheInOrderLifecycle(String name) throws Exception {
        Scenario scenario = Scenario.load(name);
        api().postReceipt(scenario.appUserId(), scenario.subscriptionId());
        List<String> deliveries = new ArrayList<>(scenario.payloads());
        deliveries.addAll(scenario.payloads().subList(0, 2));
        Collections.shuffle(deliveries, new Random(name.hashCode()));
        Collections.reverse(deliveries.subList(0, 2));

        for (String payload : deliveries) {
            assertThat(stripe().post(payload, SECRET).statusCode()).isEqualTo(200);
        }
        awaitProcessed(scenario.eventIds());

        SubscriberStateScenariosTest.assertEndsAsExpected(api(), scenario);
    }

    @Test
    void eventsArrivingAfterNewerOnesAreRecordedStaleAndNeverRollStateBack() throws Exception {
        Scenario scenario = Scenario.load("cancel-at-period-end-then-deleted");
        api().postReceipt(scenario.appUserId(), scenario.subscriptionId());
        List<String> newestFirst = new ArrayList<>(scenario.payloads());
        Collections.reverse(newestFirst);

        // each delivery is processed before the next arrives: far outside the resequence window
        for (String payload : newestFirst) {
            stripe().post(payload, SECRET);
            awaitProcessed(scenario.eventIds());
        }

        SubscriberStateScenariosTest.assertStateMatches(api().onlySubscription(scenario.appUserId()),
                scenario.expectedState());
        List<String> ids = scenario.eventIds();
        assertThat(inboxStatus(ids.get(2))).isEqualTo("applied");
        assertThat(inboxStatus(ids.get(1))).isEqualTo("stale");
        assertThat(inboxStatus(ids.get(0))).isEqualTo("stale");
        // first seen canceled (never bought: nothing to say), then learned to have been bought and
        // cancelled: the whole story is told once, attributed to the late event, and ends not active
        assertThat(SubscriberStateScenariosTest.lifecycle(api(), scenario.appUserId()))
                .containsExactlyElementsOf(scenario.expectedLifecycle());
    }
}
