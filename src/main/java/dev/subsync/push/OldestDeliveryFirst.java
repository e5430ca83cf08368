package dev.subsync.push;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.PriorityBlockingQueue;
import org.apache.camel.Exchange;

/**
 * The senders' queue of runs (appWebhooks.runs), the run whose first delivery was queued first (lowest
 * id) first. A subscriber's next run is claimed when its previous one is recorded, so in a first-in
 * first-out queue it waited behind every newer delivery of the others; served oldest first, it goes
 * out next.
 */
public class OldestDeliveryFirst extends PriorityBlockingQueue<Exchange> {

    public OldestDeliveryFirst() {
        super(64, Comparator.comparingLong(OldestDeliveryFirst::deliveryId));
    }

    private static long deliveryId(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof List<?> run && !run.isEmpty()
                && run.get(0) instanceof Map<?, ?> first && first.get("id") instanceof Number id ? id.longValue() : Long.MAX_VALUE;
    }
}
