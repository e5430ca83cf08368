package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.subsync.ordering.EventOrder;
import dev.subsync.state.EventApplication;
import dev.subsync.state.SubscriptionState;
import dev.subsync.state.SubscriptionStateMachine;
import dev.subsync.state.SubscriptionSummary;
import dev.subsync.support.AppInstances;
import dev.subsync.support.Scenario;
import dev.subsync.support.SignedDelivery;
import dev.subsync.support.SubscriberApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Two application instances on one PostgreSQL share the work without weakening any guarantee. */
class MultipleInstancesTest {

    private static final String SECRET = "whsec_two_instances";
    private static final String API_KEY = "app_key_two_instances";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper STATE_JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final AppInstances instances = new AppInstances("two_instances");
    private final JdbcTemplate jdbc = instances.jdbc();

    @AfterEach
    void stopInstances() {
        instances.close();
    }

    @Test
    void twoInstancesApplyEveryEventOnceWithGapFreeSequencesAndSingleInstanceStates() throws Exception {
        ConfigurableApplicationContext a = start();
        ConfigurableApplicationContext b = start();
        List<Scenario> subscribers = IntStream.range(0, 26)
                .mapToObj(i -> Scenario.load(Scenario.names().get(i % Scenario.names().size()))).toList();
        for (int i = 0; i < subscribers.size(); i++) {
            Scenario s = subscribers.get(i);
            assertThat(api(i % 2 == 0 ? a : b).postReceipt(s.appUserId(), s.subscriptionId()).statusCode()).isEqualTo(201);
        }

        // 8 threads; each subscriber's events in order, alternating instances, every third one redelivered to the other
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CompletableFuture.allOf(IntStream.range(0, 8).mapToObj(t -> CompletableFuture.runAsync(() -> {
                for (int k = 0; k < 6; k++) {
                    for (int i = t; i < subscribers.size(); i += 8) {
                        List<String> payloads = subscribers.get(i).payloads();
                        if (k < payloads.size()) {
                            deliver(k % 2 == i % 2 ? a : b, payloads.get(k));
                            if (k % 3 == 0) {
                                deliver(k % 2 == i % 2 ? b : a, payloads.get(k));
                            }
                        }
                    }
                }
            }, pool)).toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
        List<String> allIds = subscribers.stream().flatMap(s -> s.eventIds().stream()).toList();
        awaitAllFinal(allIds);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox WHERE event_id = ANY(?)", Integer.class,
                (Object) allIds.toArray(String[]::new))).isEqualTo(allIds.size());
        for (Scenario s : subscribers) {
            assertAppliedOnceAsOneInstanceWould(s, api(a));
        }
        assertThat(processed(a)).as("instance A applied events").isPositive();
        assertThat(processed(b)).as("instance B applied events").isPositive();
    }

    @Test
    void whenOneInstanceStopsMidProcessingTheOtherFinishesItsWorkAndNothingAcknowledgedIsLost() throws Exception {
        ConfigurableApplicationContext a = start();
        ConfigurableApplicationContext b = start();
        List<ReadinessState> readinessOfA = new CopyOnWriteArrayList<>();
        a.addApplicationListener((AvailabilityChangeEvent<?> event) -> {
            if (event.getState() instanceof ReadinessState state) {
                readinessOfA.add(state);
            }
        });
        List<Scenario> subscribers = IntStream.range(0, 12)
                .mapToObj(i -> Scenario.load(Scenario.names().get(i % Scenario.names().size()))).toList();
        subscribers.forEach(s -> api(b).postReceipt(s.appUserId(), s.subscriptionId()));
        List<String> acknowledgedByA = new ArrayList<>();
        for (Scenario s : subscribers) {
            for (String payload : s.payloads()) {
                if (deliver(a, payload).body().contains("accepted")) {
                    acknowledgedByA.add(JSON.readTree(payload).path("id").asText());
                }
            }
        }
        // a replica that claimed the first subscribers' events and was killed before applying them
        List<String> claimedByTheDead = new ArrayList<>(subscribers.get(0).eventIds());
        claimedByTheDead.addAll(subscribers.get(1).eventIds());
        jdbc.update("UPDATE inbox SET status = 'processing', claimed_by = 'killed-replica', "
                + "claimed_until = now() + interval '2 seconds' WHERE event_id = ANY(?) AND status = 'received'",
                (Object) claimedByTheDead.toArray(String[]::new));

        String ownerOfA = a.getBean(org.apache.camel.CamelContext.class).getRegistry()
                .lookupByNameAndType("claimOwner", dev.subsync.processing.ClaimOwner.class).id();
        // work A holds when it is told to stop, under a lease far longer than this test waits
        List<String> heldByA = subscribers.get(2).eventIds();
        jdbc.update("UPDATE inbox SET status = 'processing', claimed_by = ?, claimed_until = now() + interval '60 seconds' "
                + "WHERE event_id = ANY(?) AND status = 'received'", ownerOfA, heldByA.toArray(String[]::new));
        long stopping = System.nanoTime();
        a.close();
        Duration stopTook = Duration.ofNanos(System.nanoTime() - stopping);

        assertThat(readinessOfA).contains(ReadinessState.REFUSING_TRAFFIC);
        assertThat(stopTook).isLessThan(Duration.ofSeconds(25));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox WHERE event_id = ANY(?)", Integer.class,
                (Object) acknowledgedByA.toArray(String[]::new))).isEqualTo(acknowledgedByA.size());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox WHERE claimed_by = ?", Integer.class, ownerOfA))
                .as("claims left by the stopped instance").isZero();

        // handed back on shutdown, so B applies them long before their 60 s lease would have expired
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id = ANY(?) AND status IN ('received', 'processing')",
                Integer.class, (Object) heldByA.toArray(String[]::new)) == 0);
        awaitAllFinal(subscribers.stream().flatMap(s -> s.eventIds().stream()).toList());
        for (Scenario s : subscribers) {
            assertAppliedOnceAsOneInstanceWould(s, api(b));
        }
    }

    private void assertAppliedOnceAsOneInstanceWould(Scenario s, SubscriberApi api) throws Exception {
        JsonNode events = JSON.readTree(api.events(s.appUserId(), 0, 1000).body()).path("events");
        List<String> lifecycle = SubscriberStateScenariosTest.lifecycle(api, s.appUserId());
        assertThat(lifecycle).as(s.name()).containsExactlyElementsOf(s.expectedLifecycle());
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence").asLong()).as(s.name()).isEqualTo(i + 1L);
        }
        JsonNode stored = JSON.readTree(jdbc.queryForObject(
                "SELECT summary::text FROM subscriptions WHERE subscription_id = ?", String.class, s.subscriptionId()));
        assertThat(stored).as(s.name()).isEqualTo(STATE_JSON.valueToTree(SubscriptionSummary.of(singleInstance(s))));
    }

    /** What one instance applying every event in order ends with. */
    private static SubscriptionState singleInstance(Scenario s) {
        EventApplication application = new EventApplication(new SubscriptionStateMachine(true));
        SubscriptionState state = null;
        List<dev.subsync.stripe.SnapshotEvent> applied = new ArrayList<>();
        for (var event : EventOrder.sort(s.events())) {
            state = application.apply(s.subscriptionId(), s.appUserId(), state, List.copyOf(applied), event).state();
            applied.add(event);
        }
        return state;
    }

    private void awaitAllFinal(List<String> ids) {
        await().atMost(Duration.ofSeconds(40)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id = ANY(?) AND status IN ('received', 'processing', 'parked')",
                Integer.class, (Object) ids.toArray(String[]::new)) == 0);
    }

    private ConfigurableApplicationContext start() {
        return instances.start(
                "subsync.stripe.webhook-secrets=" + SECRET,
                "subsync.api.keys=" + API_KEY,
                "subsync.admin.api-keys=admin_two_instances",
                "subsync.resequence.window=300ms",
                "subsync.processing.poll-interval=50ms",
                "subsync.processing.lease=2s",
                "subsync.processing.batch-size=5", // small claims, so both instances take turns
                "spring.lifecycle.timeout-per-shutdown-phase=10s");
    }

    private static SubscriberApi api(ConfigurableApplicationContext instance) {
        return new SubscriberApi(port(instance), API_KEY);
    }

    private static java.net.http.HttpResponse<String> deliver(ConfigurableApplicationContext instance, String payload) {
        return new SignedDelivery(port(instance)).post(payload, SECRET);
    }

    private static int port(ConfigurableApplicationContext instance) {
        return AppInstances.port(instance);
    }

    private static double processed(ConfigurableApplicationContext instance) {
        var counter = instance.getBean(MeterRegistry.class).find("subsync.events.processed").tag("outcome", "applied").counter();
        return counter == null ? 0 : counter.count();
    }
}
