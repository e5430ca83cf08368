package dev.subsync.state;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;

/**
 * Derived state of one subscription, as stored (jsonb, snake_case) and shown by the read API. The
 * fields after {@code lastEventAt} are the evidence the derivation needs (was it ever paid for, the
 * latest charge, refunds per charge...), kept so that state is a pure fold over events.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SubscriptionState(
        String subscriptionId,
        String appUserId,
        String customerId,
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
        boolean everPurchased,
        Instant paidPeriodStart,
        Instant trialEnd,
        boolean cancelAtPeriodEnd,
        Instant cancelAt,
        Instant canceledAt,
        Instant endedAt,
        String cancellationReason,
        String failedInvoiceId,
        String latestChargeId,
        String latestPaymentIntentId,
        Map<String, Long> refundedByCharge,
        boolean accessRevokedByRefund,
        Boolean livemode,
        Instant startDate,
        String currency,
        Long priceAmount,
        String latestInvoiceId) {

    public SubscriptionState {
        refundedByCharge = refundedByCharge == null ? Map.of() : Map.copyOf(refundedByCharge);
    }

    /** Before the first event: nothing known but who it belongs to. */
    public static SubscriptionState empty(String subscriptionId, String appUserId) {
        Builder b = new Builder();
        b.subscriptionId = subscriptionId;
        b.appUserId = appUserId;
        return b.build();
    }

    public long totalRefunded() {
        return refundedByCharge.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The same state, owned by another app user (a transfer, or a base state taken over). */
    public SubscriptionState withAppUserId(String appUserId) {
        Builder b = toBuilder();
        b.appUserId = appUserId;
        return b.build();
    }

    Builder toBuilder() {
        Builder b = new Builder();
        b.subscriptionId = subscriptionId;
        b.appUserId = appUserId;
        b.customerId = customerId;
        b.status = status;
        b.productId = productId;
        b.priceId = priceId;
        b.currentPeriodStart = currentPeriodStart;
        b.currentPeriodEnd = currentPeriodEnd;
        b.periodType = periodType;
        b.willRenew = willRenew;
        b.unsubscribeDetectedAt = unsubscribeDetectedAt;
        b.billingIssueDetectedAt = billingIssueDetectedAt;
        b.refundedAt = refundedAt;
        b.expiresAt = expiresAt;
        b.isActive = isActive;
        b.lastEventId = lastEventId;
        b.lastEventAt = lastEventAt;
        b.everPurchased = everPurchased;
        b.paidPeriodStart = paidPeriodStart;
        b.trialEnd = trialEnd;
        b.cancelAtPeriodEnd = cancelAtPeriodEnd;
        b.cancelAt = cancelAt;
        b.canceledAt = canceledAt;
        b.endedAt = endedAt;
        b.cancellationReason = cancellationReason;
        b.failedInvoiceId = failedInvoiceId;
        b.latestChargeId = latestChargeId;
        b.latestPaymentIntentId = latestPaymentIntentId;
        b.refundedByCharge = refundedByCharge;
        b.accessRevokedByRefund = accessRevokedByRefund;
        b.livemode = livemode;
        b.startDate = startDate;
        b.currency = currency;
        b.priceAmount = priceAmount;
        b.latestInvoiceId = latestInvoiceId;
        return b;
    }

    /**
     * A mutable copy in which the state machine (this package) derives the next state field by field;
     * the fields are the record's.
     */
    static final class Builder {
        String subscriptionId;
        String appUserId;
        String customerId;
        Status status;
        String productId;
        String priceId;
        Instant currentPeriodStart;
        Instant currentPeriodEnd;
        PeriodType periodType;
        boolean willRenew;
        Instant unsubscribeDetectedAt;
        Instant billingIssueDetectedAt;
        Instant refundedAt;
        Instant expiresAt;
        boolean isActive;
        String lastEventId;
        Instant lastEventAt;
        boolean everPurchased;
        Instant paidPeriodStart;
        Instant trialEnd;
        boolean cancelAtPeriodEnd;
        Instant cancelAt;
        Instant canceledAt;
        Instant endedAt;
        String cancellationReason;
        String failedInvoiceId;
        String latestChargeId;
        String latestPaymentIntentId;
        Map<String, Long> refundedByCharge;
        boolean accessRevokedByRefund;
        Boolean livemode;
        Instant startDate;
        String currency;
        Long priceAmount;
        String latestInvoiceId;

        SubscriptionState build() {
            return new SubscriptionState(subscriptionId, appUserId, customerId, status, productId, priceId, currentPeriodStart, currentPeriodEnd, periodType, willRenew, unsubscribeDetectedAt, billingIssueDetectedAt, refundedAt, expiresAt, isActive, lastEventId, lastEventAt, everPurchased, paidPeriodStart, trialEnd, cancelAtPeriodEnd, cancelAt, canceledAt, endedAt, cancellationReason, failedInvoiceId, latestChargeId, latestPaymentIntentId, refundedByCharge, accessRevokedByRefund, livemode, startDate, currency, priceAmount, latestInvoiceId);
        }
    }
}
