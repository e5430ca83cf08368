package dev.subsync.state;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * The part of {@link SubscriptionState} apps see: in the read API and on every lifecycle event.
 * {@code priceAmount} is in the currency's smallest unit, as Stripe gives it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SubscriptionSummary(
        String subscriptionId,
        String appUserId,
        Status status,
        String productId,
        String priceId,
        Instant currentPeriodStart,
        Instant currentPeriodEnd,
        PeriodType periodType,
        boolean willRenew,
        Instant unsubscribeDetectedAt,
        Instant billingIssueDetectedAt,
        Instant refundedAt,
        Instant expiresAt,
        boolean isActive,
        String lastEventId,
        Instant lastEventAt,
        Boolean livemode,
        Instant startDate,
        String currency,
        Long priceAmount,
        String latestInvoiceId) {

    public static SubscriptionSummary of(SubscriptionState state) {
        return new SubscriptionSummary(state.subscriptionId(), state.appUserId(), state.status(), state.productId(),
                state.priceId(), state.currentPeriodStart(), state.currentPeriodEnd(), state.periodType(),
                state.willRenew(), state.unsubscribeDetectedAt(), state.billingIssueDetectedAt(), state.refundedAt(),
                state.expiresAt(), state.isActive(), state.lastEventId(), state.lastEventAt(), state.livemode(),
                state.startDate(), state.currency(), state.priceAmount(), state.latestInvoiceId());
    }
}
