package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.support.Lifecycle;
import dev.subsync.support.Scenario;
import dev.subsync.support.SubscriberApi;
import dev.subsync.support.SubsyncTest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scenario, delivered in order over HTTP, ends in its expected state and lifecycle events. */
class SubscriberStateScenariosTest extends SubsyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> scenarios() {
        return Scenario.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void aScenarioDeliveredInOrderEndsInItsExpectedStateAndLifecycle(String name) throws Exception {
        // each event is delivered after the previous one was processed: no resequencing helps here
        Scenario scenario = Scenario.load(name);
        SubscriberApi api = api();
        assertThat(api.postReceipt(scenario.appUserId(), scenario.subscriptionId()).statusCode()).isEqualTo(201);

        for (String payload : scenario.payloads()) {
            assertThat(stripe().post(payload, SECRET).statusCode()).isEqualTo(200);
            awaitProcessed(List.of(JSON.readTree(payload).path("id").asText()));
        }

        assertEndsAsExpected(api, scenario);
    }

    static void assertEndsAsExpected(SubscriberApi api, Scenario scenario) throws Exception {
        JsonNode subscriber = JSON.readTree(api.subscriber(scenario.appUserId()).body()).path("subscriber");
        assertStateMatches(api.onlySubscription(scenario.appUserId()), scenario.expectedState());
        List<String> lifecycle = lifecycle(api, scenario.appUserId());
        assertThat(lifecycle).containsExactlyElementsOf(scenario.expectedLifecycle());
        assertThat(subscriber.path("sequence").asInt()).isEqualTo(lifecycle.size());
    }

    static List<String> lifecycle(SubscriberApi api, String appUserId) throws Exception {
        JsonNode events = JSON.readTree(api.events(appUserId, 0, 100).body()).path("events");
        List<String> lifecycle = new ArrayList<>();
        events.forEach(event -> lifecycle.add(Lifecycle.describe(event)));
        return lifecycle;
    }

    static void assertStateMatches(JsonNode state, JsonNode expected) {
        Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isTextual() && field.getValue().asText().equals("*")) {
                assertThat(state.path(field.getKey()).isNull() || state.path(field.getKey()).isMissingNode())
                        .as(field.getKey() + " is set").isFalse();
            } else {
                assertThat(state.path(field.getKey())).as(field.getKey()).isEqualTo(field.getValue());
            }
        }
    }

}
