package dev.subsync.processing;

/** No subscription could be resolved for the event: it names none, and neither its invoice nor its customer leads to exactly one known subscription. */
public class SubscriptionNotResolvableException extends UnprocessableEventException {

    public SubscriptionNotResolvableException(String message) {
        super(message);
    }

    @Override
    public String reason() {
        return "subscription_not_resolvable";
    }
}
