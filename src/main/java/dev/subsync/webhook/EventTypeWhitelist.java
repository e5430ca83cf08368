package dev.subsync.webhook;

import dev.subsync.stripe.StripeEvent;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Variable;

/** The Stripe event types subsync stores ({@code subsync.stripe.event-types}). */
public class EventTypeWhitelist {

    private Set<String> types = Set.of();

    /** Comma-separated event types; blanks around commas are ignored. */
    public void setTypes(String types) {
        this.types = Arrays.stream(types.split(","))
                .map(String::trim)
                .filter(type -> !type.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        if (this.types.isEmpty()) {
            throw new IllegalArgumentException("subsync.stripe.event-types holds no event type");
        }
    }

    public boolean excludes(@Variable(WebhookReply.EVENT_VARIABLE) StripeEvent event) {
        return !types.contains(event.type());
    }
}
