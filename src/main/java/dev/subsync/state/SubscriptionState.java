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
        return new Builder().subscriptionId(subscriptionId).appUserId(appUserId).refundedByCharge(Map.of()).build();
    }

    public long totalRefunded() {
        return refundedByCharge.values().stream().mapToLong(Long::longValue).sum();
    }

    public Builder toBuilder() {
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

    /** A mutable copy for the state machine to derive the next state in. */
    public static final class Builder {
        private String subscriptionId;
        private String appUserId;
        private String customerId;
        private Status status;
        private String productId;
        private String priceId;
        private Instant currentPeriodStart;
        private Instant currentPeriodEnd;
        private PeriodType periodType;
        private boolean willRenew;
        private Instant unsubscribeDetectedAt;
        private Instant billingIssueDetectedAt;
        private Instant refundedAt;
        private Instant expiresAt;
        private boolean isActive;
        private String lastEventId;
        private Instant lastEventAt;
        private boolean everPurchased;
        private Instant paidPeriodStart;
        private Instant trialEnd;
        private boolean cancelAtPeriodEnd;
        private Instant cancelAt;
        private Instant canceledAt;
        private Instant endedAt;
        private String cancellationReason;
        private String failedInvoiceId;
        private String latestChargeId;
        private String latestPaymentIntentId;
        private Map<String, Long> refundedByCharge;
        private boolean accessRevokedByRefund;
        private Boolean livemode;
        private Instant startDate;
        private String currency;
        private Long priceAmount;
        private String latestInvoiceId;

        public Builder subscriptionId(String value) {
            this.subscriptionId = value;
            return this;
        }

        public Builder appUserId(String value) {
            this.appUserId = value;
            return this;
        }

        public Builder customerId(String value) {
            this.customerId = value;
            return this;
        }

        public Builder status(Status value) {
            this.status = value;
            return this;
        }

        public Builder productId(String value) {
            this.productId = value;
            return this;
        }

        public Builder priceId(String value) {
            this.priceId = value;
            return this;
        }

        public Builder currentPeriodStart(Instant value) {
            this.currentPeriodStart = value;
            return this;
        }

        public Builder currentPeriodEnd(Instant value) {
            this.currentPeriodEnd = value;
            return this;
        }

        public Builder periodType(PeriodType value) {
            this.periodType = value;
            return this;
        }

        public Builder willRenew(boolean value) {
            this.willRenew = value;
            return this;
        }

        public Builder unsubscribeDetectedAt(Instant value) {
            this.unsubscribeDetectedAt = value;
            return this;
        }

        public Builder billingIssueDetectedAt(Instant value) {
            this.billingIssueDetectedAt = value;
            return this;
        }

        public Builder refundedAt(Instant value) {
            this.refundedAt = value;
            return this;
        }

        public Builder expiresAt(Instant value) {
            this.expiresAt = value;
            return this;
        }

        public Builder isActive(boolean value) {
            this.isActive = value;
            return this;
        }

        public Builder lastEventId(String value) {
            this.lastEventId = value;
            return this;
        }

        public Builder lastEventAt(Instant value) {
            this.lastEventAt = value;
            return this;
        }

        public Builder everPurchased(boolean value) {
            this.everPurchased = value;
            return this;
        }

        public Builder paidPeriodStart(Instant value) {
            this.paidPeriodStart = value;
            return this;
        }

        public Builder trialEnd(Instant value) {
            this.trialEnd = value;
            return this;
        }

        public Builder cancelAtPeriodEnd(boolean value) {
            this.cancelAtPeriodEnd = value;
            return this;
        }

        public Builder cancelAt(Instant value) {
            this.cancelAt = value;
            return this;
        }

        public Builder canceledAt(Instant value) {
            this.canceledAt = value;
            return this;
        }

        public Builder endedAt(Instant value) {
            this.endedAt = value;
            return this;
        }

        public Builder cancellationReason(String value) {
            this.cancellationReason = value;
            return this;
        }

        public Builder failedInvoiceId(String value) {
            this.failedInvoiceId = value;
            return this;
        }

        public Builder latestPaymentIntentId(String value) {
            this.latestPaymentIntentId = value;
            return this;
        }

        public Builder latestChargeId(String value) {
            this.latestChargeId = value;
            return this;
        }

        public Builder refundedByCharge(Map<String, Long> value) {
            this.refundedByCharge = value;
            return this;
        }

        public Builder accessRevokedByRefund(boolean value) {
            this.accessRevokedByRefund = value;
            return this;
        }

        public String subscriptionId() {
            return subscriptionId;
        }

        public String appUserId() {
            return appUserId;
        }

        public String customerId() {
            return customerId;
        }

        public Status status() {
            return status;
        }

        public String productId() {
            return productId;
        }

        public String priceId() {
            return priceId;
        }

        public Instant currentPeriodStart() {
            return currentPeriodStart;
        }

        public Instant currentPeriodEnd() {
            return currentPeriodEnd;
        }

        public PeriodType periodType() {
            return periodType;
        }

        public boolean willRenew() {
            return willRenew;
        }

        public Instant unsubscribeDetectedAt() {
            return unsubscribeDetectedAt;
        }

        public Instant billingIssueDetectedAt() {
            return billingIssueDetectedAt;
        }

        public Instant refundedAt() {
            return refundedAt;
        }

        public Instant expiresAt() {
            return expiresAt;
        }

        public boolean isActive() {
            return isActive;
        }

        public String lastEventId() {
            return lastEventId;
        }

        public Instant lastEventAt() {
            return lastEventAt;
        }

        public boolean everPurchased() {
            return everPurchased;
        }

        public Instant paidPeriodStart() {
            return paidPeriodStart;
        }

        public Instant trialEnd() {
            return trialEnd;
        }

        public boolean cancelAtPeriodEnd() {
            return cancelAtPeriodEnd;
        }

        public Instant cancelAt() {
            return cancelAt;
        }

        public Instant canceledAt() {
            return canceledAt;
        }

        public Instant endedAt() {
            return endedAt;
        }

        public String cancellationReason() {
            return cancellationReason;
        }

        public String failedInvoiceId() {
            return failedInvoiceId;
        }

        public String latestPaymentIntentId() {
            return latestPaymentIntentId;
        }

        public String latestChargeId() {
            return latestChargeId;
        }

        public Map<String, Long> refundedByCharge() {
            return refundedByCharge;
        }

        public boolean accessRevokedByRefund() {
            return accessRevokedByRefund;
        }

        public Builder livemode(Boolean value) {
            this.livemode = value;
            return this;
        }

        public Boolean livemode() {
            return livemode;
        }

        public Builder startDate(Instant value) {
            this.startDate = value;
            return this;
        }

        public Instant startDate() {
            return startDate;
        }

        public Builder currency(String value) {
            this.currency = value;
            return this;
        }

        public String currency() {
            return currency;
        }

        public Builder priceAmount(Long value) {
            this.priceAmount = value;
            return this;
        }

        public Long priceAmount() {
            return priceAmount;
        }

        public Builder latestInvoiceId(String value) {
            this.latestInvoiceId = value;
            return this;
        }

        public String latestInvoiceId() {
            return latestInvoiceId;
        }

        public SubscriptionState build() {
            return new SubscriptionState(subscriptionId, appUserId, customerId, status, productId, priceId, currentPeriodStart, currentPeriodEnd, periodType, willRenew, unsubscribeDetectedAt, billingIssueDetectedAt, refundedAt, expiresAt, isActive, lastEventId, lastEventAt, everPurchased, paidPeriodStart, trialEnd, cancelAtPeriodEnd, cancelAt, canceledAt, endedAt, cancellationReason, failedInvoiceId, latestChargeId, latestPaymentIntentId, refundedByCharge, accessRevokedByRefund, livemode, startDate, currency, priceAmount, latestInvoiceId);
        }
    }
}
