package dev.subsync.push;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.PriorityBlockingQueue;
import org.apache.camel.Exchange;

/**
 * The senders' queue, the delivery queued first (lowest id) first. A subscriber's next delivery is
 * claimed when its previous one is recorded, so in a first-in first-out queue each step of a
 * subscriber's run of events waited behind every newer delivery of the others; served oldest first,
 * it goes out next.
 */
public class OldestDeliveryFirst extends PriorityBlockingQueue<Exchange> {

    public OldestDeliveryFirst() {
        super(64, Comparator.comparingLong(OldestDeliveryFirst::deliveryId));
    }

    private static long deliveryId(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof Map<?, ?> delivery && delivery.get("id") instanceof Number id
                ? id.longValue() : Long.MAX_VALUE;
    }
}
