package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsync.support.Scenario;
import dev.subsync.support.SubsyncTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A claim's events are applied in one transaction where they need no decision of the routes; a
 * customer's event that does (a charge whose subscription must be found, an event to park) and
 * everything after it go through the routes one by one. Either way the result is what applying every
 * event alone, in order, gives.
 */
class EventsAppliedTogetherTest extends SubsyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCustomersEventsAfterAChargeToResolveAreAppliedAfterIt() throws Exception {
        Scenario together = Scenario.load("full-refund");
        Scenario alone = Scenario.load("full-refund");
        List<String> togetherPayloads = withLaterCancellation(together);
        List<String> alonePayloads = withLaterCancellation(alone);
        api().postReceipt(together.appUserId(), together.subscriptionId());
        api().postReceipt(alone.appUserId(), alone.subscriptionId());

        // within one window: one claim holds the subscription events, the charge, and the update after it
        togetherPayloads.forEach(payload -> assertThat(stripe().post(payload, SECRET).statusCode()).isEqualTo(200));
        awaitProcessed(ids(togetherPayloads));
        // each alone, in order
        for (String payload : alonePayloads) {
            assertThat(stripe().post(payload, SECRET).statusCode()).isEqualTo(200);
            awaitProcessed(ids(List.of(payload)));
        }

        List<String> lifecycleTogether = SubscriberStateScenariosTest.lifecycle(api(), together.appUserId());
        assertThat(lifecycleTogether)
                .startsWith("INITIAL_PURCHASE/NORMAL", "REFUND", "EXPIRATION/CUSTOMER_SUPPORT")
                .containsExactlyElementsOf(SubscriberStateScenariosTest.lifecycle(api(), alone.appUserId()));
        assertThat(ids(togetherPayloads)).allSatisfy(id -> assertThat(inboxStatus(id)).isIn("applied", "stale"));
    }

    @Test
    void aClaimParksOnlyTheCustomersWithoutAReceipt() throws Exception {
        Scenario withReceipt = Scenario.load("renewal");
        Scenario withoutReceipt = Scenario.load("renewal");

        postWithAndWithoutReceipt(withReceipt, withoutReceipt);

        SubscriberStateScenariosTest.assertEndsAsExpected(api(), withReceipt);
        assertThat(withoutReceipt.eventIds()).allSatisfy(id -> assertThat(inboxStatus(id)).isEqualTo("parked"));

        assertThat(api().postReceipt(withoutReceipt.appUserId(), withoutReceipt.subscriptionId()).statusCode())
                .isEqualTo(201);
        SubscriberStateScenariosTest.assertEndsAsExpected(api(), withoutReceipt);
    }

    /** The scenario's events, then the customer turning off renewal a day after the refund. */
    private static List<String> withLaterCancellation(Scenario scenario) throws Exception {
        ObjectNode update = (ObjectNode) JSON.readTree(scenario.payloads().get(0));
        update.put("id", update.path("id").asText() + "_update");
        update.put("type", "customer.subscription.updated");
        update.put("created", scenario.events().get(scenario.events().size() - 1).created() + 86_400);
        ObjectNode data = (ObjectNode) update.path("data");
        ((ObjectNode) data.path("object")).put("cancel_at_period_end", true);
        data.putObject("previous_attributes").put("cancel_at_period_end", false);
        List<String> payloads = new ArrayList<>(scenario.payloads());
        payloads.add(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(update));
        return payloads;
    }

    private static List<String> ids(List<String> payloads) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String payload : payloads) {
            ids.add(JSON.readTree(payload).path("id").asText());
        }
        return ids;
    }
}
