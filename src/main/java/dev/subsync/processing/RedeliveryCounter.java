package dev.subsync.processing;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Counts redeliveries in a variable the dead-letter channel reads: Camel removes its own redelivery
 * headers before the exchange reaches the dead-letter route.
 */
public class RedeliveryCounter implements Processor {

    public static final String VARIABLE = "redeliveries";

    @Override
    public void process(Exchange exchange) {
        Integer before = exchange.getVariable(VARIABLE, Integer.class);
        exchange.setVariable(VARIABLE, before == null ? 1 : before + 1);
    }
}
