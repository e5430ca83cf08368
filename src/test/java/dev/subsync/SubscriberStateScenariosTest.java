package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.support.Lifecycle;
import dev.subsync.support.Scenario;
import dev.subsync.support.SubscriberApi;
import dev.subsync.support.SubsyncTest;
import java.time.Duration;
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
        Scenario scenario = Scenario.load(name);
        SubscriberApi api = new SubscriberApi(port, API_KEY);
        assertThat(api.postReceipt(scenario.appUserId(), scenario.subscriptionId()).statusCode()).isEqualTo(201);

        for (String payload : scenario.payloads()) {
            assertThat(stripe().post(payload, SECRET).statusCode()).isEqualTo(200);
            awaitProcessed(List.of(com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                    .readTree(payload).path("id").asText()));
        }

        JsonNode subscriber = JSON.readTree(api.subscriber(scenario.appUserId()).body());
        JsonNode state = subscriber.path("subscriptions").path(0);
        assertStateMatches(state, scenario.expectedState());
        JsonNode events = JSON.readTree(api.events(scenario.appUserId(), 0, 100).body()).path("events");
        List<String> lifecycle = new ArrayList<>();
        events.forEach(event -> lifecycle.add(Lifecycle.describe(event)));
        assertThat(lifecycle).containsExactlyElementsOf(scenario.expectedLifecycle());
        assertThat(subscriber.path("sequence").asInt()).isEqualTo(lifecycle.size());
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

    void awaitProcessed(List<String> eventIds) {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id = ANY(?) AND status IN ('received', 'processing')",
                Integer.class, (Object) eventIds.toArray(String[]::new)) == 0);
    }
}
