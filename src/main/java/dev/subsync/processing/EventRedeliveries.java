package dev.subsync.processing;

import dev.subsync.http.Failures;
import dev.subsync.stripe.SnapshotEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before each redelivery of an inbox event: logs it, once at WARN, and counts it in a variable the
 * dead-letter channel reads (Camel removes its own redelivery headers before the exchange reaches the
 * dead-letter route). The error handler itself logs nothing (see "Camel's error-handler logger" in
 * routes/error-handling.camel.yaml).
 */
public class EventRedeliveries implements Processor {

    public static final String VARIABLE = "redeliveries";
    private static final Logger LOG = LoggerFactory.getLogger("dev.subsync.processing");

    @Override
    public void process(Exchange exchange) {
        Integer before = exchange.getVariable(VARIABLE, Integer.class);
        int redeliveries = before == null ? 1 : before + 1;
        exchange.setVariable(VARIABLE, redeliveries);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("processing failed, trying again: event id={} attempt {} failed: {}",
                exchange.getVariable("event") instanceof SnapshotEvent event ? event.id() : "unknown", redeliveries,
                failure == null ? "unknown failure" : Failures.oneLine(failure));
    }
}
