package dev.subsync.state;

/** What happened to a subscriber's subscription, in the order they are emitted within one event. */
public enum LifecycleType {
    INITIAL_PURCHASE,
    RENEWAL,
    PRODUCT_CHANGE,
    BILLING_ISSUE,
    BILLING_RECOVERED,
    REFUND,
    CANCELLATION,
    UNCANCELLATION,
    SUBSCRIPTION_PAUSED,
    SUBSCRIPTION_RESUMED,
    EXPIRATION,
    /** The subscription was moved to another app user (admin API); not derived from Stripe events. */
    TRANSFER
}
