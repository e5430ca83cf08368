package dev.subsync.state;

import java.time.Instant;

/**
 * One lifecycle event as the state machine derives it; sequence and cursor are allocated when it is
 * stored. {@code periodType} is set on INITIAL_PURCHASE and RENEWAL, {@code cancelReason} on
 * CANCELLATION, {@code expirationReason} on EXPIRATION, {@code previousProductId} on PRODUCT_CHANGE,
 * {@code trialConversion} on the RENEWAL that ends a trial.
 */
public record LifecycleEvent(
        LifecycleType type,
        String stripeEventId,
        Instant occurredAt,
        PeriodType periodType,
        EndReason cancelReason,
        EndReason expirationReason,
        String previousProductId,
        boolean trialConversion,
        SubscriptionState state) {
}
