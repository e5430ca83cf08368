package dev.subsync.state;

import java.time.Instant;

/**
 * One lifecycle event as the state machine derives it; sequence and cursor are allocated when it is
 * stored. {@code periodType} is set on INITIAL_PURCHASE and RENEWAL, {@code cancelReason} on
 * CANCELLATION, {@code expirationReason} on EXPIRATION.
 */
public record LifecycleEvent(
        LifecycleType type,
        String stripeEventId,
        Instant occurredAt,
        PeriodType periodType,
        EndReason cancelReason,
        EndReason expirationReason,
        SubscriptionState state) {
}
