package dev.subsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsync.ordering.EventOrder;
import dev.subsync.support.Lifecycle;
import dev.subsync.support.Scenario;
import dev.subsync.stripe.SnapshotEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Convergence, for every scenario: whatever the arrival order, duplication and batching of its
 * deliveries, the final subscriber state is the in-order one; deliveries that arrive within one
 * resequence window also produce the in-order lifecycle events. The simulation drives the same
 * {@link EventApplication} the database-backed store uses, with an in-memory inbox.
 */
class ConvergenceProperties {

    private static final Map<String, Scenario> SCENARIOS = new ConcurrentHashMap<>();
    private static final EventApplication APPLICATION = new EventApplication(new SubscriptionStateMachine(true));

    @Property(tries = 500)
    void anyPermutationAndDuplicationEndsInTheInOrderState(@ForAll("deliveries") Deliveries deliveries) {
        Inbox inOrder = Inbox.processOneByOne(deliveries.scenario(), deliveries.scenario().events());
        Inbox arrived = Inbox.processOneByOne(deliveries.scenario(), deliveries.arrivals());

        assertThat(SubscriptionSummary.of(arrived.state)).isEqualTo(SubscriptionSummary.of(inOrder.state));
        assertThat(arrived.state).isEqualTo(inOrder.state);
    }

    @Property(tries = 500)
    void deliveriesWithinOneWindowProduceTheInOrderLifecycle(@ForAll("deliveries") Deliveries deliveries) {
        Scenario scenario = deliveries.scenario();
        Inbox inOrder = Inbox.processOneByOne(scenario, scenario.events());
        Inbox windowed = new Inbox(scenario);
        windowed.processWindow(deliveries.arrivals());

        assertThat(windowed.lifecycle).isEqualTo(inOrder.lifecycle);
        assertThat(inOrder.lifecycle).isEqualTo(scenario.expectedLifecycle());
        assertThat(windowed.state).isEqualTo(inOrder.state);
    }

    @Property(tries = 500)
    void anySplitIntoWindowsEndsInTheInOrderState(@ForAll("deliveries") Deliveries deliveries,
            @ForAll("windowBreaks") List<Boolean> breaks) {
        Scenario scenario = deliveries.scenario();
        Inbox inOrder = Inbox.processOneByOne(scenario, scenario.events());
        Inbox windowed = new Inbox(scenario);
        List<SnapshotEvent> window = new ArrayList<>();
        for (int i = 0; i < deliveries.arrivals().size(); i++) {
            window.add(deliveries.arrivals().get(i));
            if (breaks.get(i % breaks.size())) {
                windowed.processWindow(window);
                window.clear();
            }
        }
        windowed.processWindow(window);

        assertThat(windowed.state).isEqualTo(inOrder.state);
    }

    @Property(tries = 200)
    void anIncompleteSubscriptionIsNeverActiveAndNeverPurchased(@ForAll("incompleteCheckout") Deliveries deliveries) {
        Inbox arrived = new Inbox(deliveries.scenario());
        for (SnapshotEvent event : deliveries.arrivals()) {
            arrived.processWindow(List.of(event));
            assertThat(arrived.state.isActive()).isFalse();
        }
        assertThat(arrived.lifecycle).isEmpty();
    }

    @Provide
    Arbitrary<Deliveries> deliveries() {
        return Arbitraries.of(Scenario.names()).flatMap(ConvergenceProperties::deliveriesOf);
    }

    @Provide
    Arbitrary<Deliveries> incompleteCheckout() {
        return deliveriesOf("incomplete-checkout-expired");
    }

    @Provide
    Arbitrary<List<Boolean>> windowBreaks() {
        return Arbitraries.of(true, false).list().ofMinSize(1).ofMaxSize(8);
    }

    /** The scenario's events shuffled, with up to as many again redelivered at random places. */
    private static Arbitrary<Deliveries> deliveriesOf(String name) {
        Scenario scenario = SCENARIOS.computeIfAbsent(name, Scenario::load);
        List<SnapshotEvent> events = scenario.events();
        int n = events.size();
        Arbitrary<List<Integer>> order = Arbitraries.shuffle(IntStream.range(0, n).boxed().toList());
        Arbitrary<List<Integer>> duplicates = Arbitraries.integers().between(0, n - 1).list().ofMaxSize(n);
        Arbitrary<List<Integer>> places = Arbitraries.integers().between(0, 2 * n).list().ofSize(n);
        return Combinators.combine(order, duplicates, places).as((shuffled, again, at) -> {
            List<SnapshotEvent> arrivals = new ArrayList<>();
            shuffled.forEach(i -> arrivals.add(events.get(i)));
            for (int i = 0; i < again.size(); i++) {
                arrivals.add(Math.min(at.get(i), arrivals.size()), events.get(again.get(i)));
            }
            return new Deliveries(scenario, List.copyOf(arrivals));
        });
    }

    record Deliveries(Scenario scenario, List<SnapshotEvent> arrivals) {
        @Override
        public String toString() {
            return scenario.name() + " " + arrivals;
        }
    }

    /** The inbox and the processor, in memory: dedupe by event id, resequence a window, apply one by one. */
    private static final class Inbox {
        private final Scenario scenario;
        private final Set<String> stored = new HashSet<>();
        private final List<SnapshotEvent> applied = new ArrayList<>();
        private final List<String> lifecycle = new ArrayList<>();
        private SubscriptionState state;

        Inbox(Scenario scenario) {
            this.scenario = scenario;
        }

        static Inbox processOneByOne(Scenario scenario, List<SnapshotEvent> arrivals) {
            Inbox inbox = new Inbox(scenario);
            arrivals.forEach(event -> inbox.processWindow(List.of(event)));
            return inbox;
        }

        void processWindow(List<SnapshotEvent> arrivals) {
            List<SnapshotEvent> fresh = new ArrayList<>();
            for (SnapshotEvent event : arrivals) {
                if (stored.add(event.id())) {
                    fresh.add(event);
                }
            }
            for (SnapshotEvent event : EventOrder.sort(fresh)) {
                EventApplication.Result result = APPLICATION.apply(scenario.subscriptionId(), scenario.appUserId(),
                        state, EventApplication.needsHistory(state, event) ? List.copyOf(applied) : List.of(), event);
                state = result.state();
                applied.add(event);
                result.lifecycle().forEach(change -> lifecycle.add(Lifecycle.describe(change)));
            }
        }
    }
}
