package dev.subsync.processing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Gauges of what waits in PostgreSQL, as last counted by the {@code inbox-gauges} route: parked
 * events, dead letters, the unapplied backlog and the age of its oldest event (the processing lag),
 * and the same for push.
 */
public class InboxGauges {

    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestUnappliedSeconds = new AtomicLong();
    private final AtomicLong webhookBacklog = new AtomicLong();
    private final AtomicLong oldestUndeliveredSeconds = new AtomicLong();
    private final AtomicLong webhookDeadLetters = new AtomicLong();
    private MeterRegistry meterRegistry = Metrics.globalRegistry;
    /** Registered on the first reading (see IntakeLatency: the YAML DSL builds beans twice), removed on close. */
    private final List<Meter> registered = new ArrayList<>();

    public void setMeterRegistry(MeterRegistry meterRegistry) {
        this.meterRegistry = meterRegistry;
    }

    /** One row of {@code sql/inbox-gauges.sql}. */
    public synchronized void update(Map<String, Object> counts) {
        if (registered.isEmpty()) {
            register("subsync.inbox.parked", "events waiting for their receipt", parked::get);
            register("subsync.dead_letters", "events in the dead-letter channel", deadLetters::get);
            register("subsync.inbox.backlog", "events received and not yet applied", backlog::get);
            register("subsync.inbox.oldest_unapplied_age_seconds",
                    "age of the oldest event received and not yet applied", oldestUnappliedSeconds::get);
            register("subsync.webhooks.backlog", "lifecycle events queued for push and not yet delivered", webhookBacklog::get);
            register("subsync.webhooks.oldest_undelivered_age_seconds",
                    "age of the oldest lifecycle event queued for push and not yet delivered (the push lag)",
                    oldestUndeliveredSeconds::get);
            register("subsync.webhooks.dead_letters", "deliveries dead-lettered as webhook_delivery_failed",
                    webhookDeadLetters::get);
        }
        parked.set(number(counts.get("parked")));
        deadLetters.set(number(counts.get("dead_letters")));
        backlog.set(number(counts.get("backlog")));
        oldestUnappliedSeconds.set(number(counts.get("oldest_unapplied_seconds")));
        webhookBacklog.set(number(counts.get("webhook_backlog")));
        oldestUndeliveredSeconds.set(number(counts.get("oldest_undelivered_seconds")));
        webhookDeadLetters.set(number(counts.get("webhook_dead_letters")));
    }

    private void register(String name, String description, Supplier<Number> value) {
        registered.add(Gauge.builder(name, value).description(description).register(meterRegistry));
    }

    /** Takes the gauges out of the registry, so an instance started later in the same JVM registers its own. */
    public synchronized void close() {
        registered.forEach(meterRegistry::remove);
        registered.clear();
    }

    private static long number(Object value) {
        return value instanceof Number number ? Math.round(number.doubleValue()) : 0;
    }
}
