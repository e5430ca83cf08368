package dev.subsync.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class OldestDeliveryFirstTest {

    @Test
    void theSendersTakeTheDeliveryQueuedFirstWhateverOrderTheyWereHandedIn() {
        OldestDeliveryFirst queue = new OldestDeliveryFirst();
        DefaultCamelContext camel = new DefaultCamelContext();
        for (long id : new long[] {41, 7, 1_000, 12}) {
            Exchange delivery = new DefaultExchange(camel);
            delivery.getMessage().setBody(Map.of("id", id, "webhook_id", "lce_" + id));
            queue.offer(delivery);
        }

        List<Object> taken = new ArrayList<>();
        for (Exchange next; (next = queue.poll()) != null; ) {
            taken.add(next.getMessage().getBody(Map.class).get("id"));
        }
        assertThat(taken).containsExactly(7L, 12L, 41L, 1_000L);
    }
}
