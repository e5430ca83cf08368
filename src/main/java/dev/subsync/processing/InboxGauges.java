package dev.subsync.processing;

import dev.subsync.metrics.MetersOnFirstUse;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;

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
    private final MetersOnFirstUse meters = new MetersOnFirstUse(registry -> List.of(
            gauge(registry, "subsync.inbox.parked", "events waiting for their receipt", parked),
            gauge(registry, "subsync.dead_letters", "events in the dead-letter channel", deadLetters),
            gauge(registry, "subsync.inbox.backlog", "events received and not yet applied", backlog),
            gauge(registry, "subsync.inbox.oldest_unapplied_age_seconds",
                    "age of the oldest event received and not yet applied", oldestUnappliedSeconds),
            gauge(registry, "subsync.webhooks.backlog", "lifecycle events queued for push and not yet delivered", webhookBacklog),
            gauge(registry, "subsync.webhooks.oldest_undelivered_age_seconds",
                    "age of the oldest lifecycle event queued for push and not yet delivered (the push lag)",
                    oldestUndeliveredSeconds),
            gauge(registry, "subsync.webhooks.dead_letters", "deliveries dead-lettered as webhook_delivery_failed",
                    webhookDeadLetters)));

    /** One row of {@code sql/inbox-gauges.sql}. */
    public void update(Map<String, Object> counts, Exchange exchange) {
        meters.registerOnce(exchange.getContext());
        parked.set(number(counts.get("parked")));
        deadLetters.set(number(counts.get("dead_letters")));
        backlog.set(number(counts.get("backlog")));
        oldestUnappliedSeconds.set(number(counts.get("oldest_unapplied_seconds")));
        webhookBacklog.set(number(counts.get("webhook_backlog")));
        oldestUndeliveredSeconds.set(number(counts.get("oldest_undelivered_seconds")));
        webhookDeadLetters.set(number(counts.get("webhook_dead_letters")));
    }

    public void close() {
        meters.remove();
    }

    private static Meter gauge(MeterRegistry registry, String name, String description, AtomicLong value) {
        return Gauge.builder(name, value::get).description(description).register(registry);
    }

    private static long number(Object value) {
        return value instanceof Number number ? Math.round(number.doubleValue()) : 0;
    }
}
