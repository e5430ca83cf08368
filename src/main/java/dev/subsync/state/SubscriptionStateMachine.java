package dev.subsync.state;

import dev.subsync.stripe.SnapshotEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pure state derivation: {@link #reduce} folds one Stripe snapshot into a subscription's state, and
 * {@link #transitions} names what changed between two states as lifecycle events. No I/O.
 *
 * <p>Lifecycle events are derived from state differences, not from event types, so applying events in
 * order and replaying a history after a late event describe the same changes the same way. A
 * subscription that was never paid for (only {@code incomplete}/{@code incomplete_expired}) produces
 * no lifecycle events at all, whatever the arrival order.
 */
public final class SubscriptionStateMachine {

    private final boolean refundRevokesAccess;

    public SubscriptionStateMachine(boolean refundRevokesAccess) {
        this.refundRevokesAccess = refundRevokesAccess;
    }

    /** The state after {@code event}, for an event applied after everything {@code state} has seen. */
    public SubscriptionState reduce(SubscriptionState state, SnapshotEvent event) {
        SubscriptionState.Builder next = state.toBuilder();
        if (event.isSubscription()) {
            takeSubscription(next, event);
        } else if (event.isInvoice()) {
            takeInvoice(next, event);
        } else if (event.isCharge()) {
            takeCharge(next, event);
        } else if (event.isInvoicePayment()) {
            takeInvoicePayment(next, event);
        }
        next.livemode = firstNonNull(event.livemode(), next.livemode);
        boolean wasActive = state.isActive();
        derive(next, event, wasActive);
        next.lastEventId = event.id();
        next.lastEventAt = event.createdAt();
        return next.build();
    }

    /** Folds events, already in {@link dev.subsync.ordering.EventOrder}, into a fresh state. */
    public SubscriptionState fold(SubscriptionState empty, List<SnapshotEvent> ordered) {
        SubscriptionState state = empty;
        for (SnapshotEvent event : ordered) {
            state = reduce(state, event);
        }
        return state;
    }

    /** What changed from {@code before} to {@code after}, attributed to {@code cause}. */
    public List<LifecycleEvent> transitions(SubscriptionState before, SubscriptionState after, SnapshotEvent cause) {
        List<LifecycleEvent> events = new ArrayList<>();
        if (!after.everPurchased()) {
            return events;
        }
        Emitter emit = new Emitter(events, cause, before, after);
        boolean purchasedBefore = before.everPurchased();
        // a new purchase is compared with "just bought": renewing and active
        boolean renewedBefore = purchasedBefore ? before.willRenew() : true;
        boolean activeBefore = purchasedBefore ? before.isActive() : true;

        if (!purchasedBefore) {
            emit.event(LifecycleType.INITIAL_PURCHASE, after.periodType(), null, null);
        } else {
            if (after.paidPeriodStart() != null && before.paidPeriodStart() != null
                    && after.paidPeriodStart().isAfter(before.paidPeriodStart())) {
                emit.renewal();
            }
            if (before.priceId() != null && after.priceId() != null && !before.priceId().equals(after.priceId())) {
                emit.event(LifecycleType.PRODUCT_CHANGE, null, null, null);
            }
        }
        if (before.billingIssueDetectedAt() == null && after.billingIssueDetectedAt() != null) {
            emit.event(LifecycleType.BILLING_ISSUE, null, null, null);
        }
        if (before.billingIssueDetectedAt() != null && after.billingIssueDetectedAt() == null) {
            emit.event(LifecycleType.BILLING_RECOVERED, null, null, null);
        }
        if (after.totalRefunded() > before.totalRefunded()) {
            emit.event(LifecycleType.REFUND, null, null, null);
        }
        if (renewedBefore && !after.willRenew()) {
            emit.event(LifecycleType.CANCELLATION, null, endReason(after), null);
        }
        if (purchasedBefore && !before.willRenew() && after.willRenew()) {
            emit.event(LifecycleType.UNCANCELLATION, null, null, null);
        }
        if (before.status() != Status.PAUSED && after.status() == Status.PAUSED) {
            emit.event(LifecycleType.SUBSCRIPTION_PAUSED, null, null, null);
        }
        if (before.status() == Status.PAUSED && after.status() != Status.PAUSED && after.isActive()) {
            emit.event(LifecycleType.SUBSCRIPTION_RESUMED, null, null, null);
        }
        if (activeBefore && !after.isActive() && after.status() != Status.PAUSED) {
            emit.event(LifecycleType.EXPIRATION, null, null, endReason(after));
        }
        return events;
    }

    private static void takeSubscription(SubscriptionState.Builder next, SnapshotEvent event) {
        next.status = Status.of(event.status());
        next.customerId = firstNonNull(event.customerId(), next.customerId);
        next.productId = firstNonNull(event.productId(), next.productId);
        next.priceId = firstNonNull(event.priceId(), next.priceId);
        next.currentPeriodStart = firstNonNull(event.currentPeriodStart(), next.currentPeriodStart);
        next.currentPeriodEnd = firstNonNull(event.currentPeriodEnd(), next.currentPeriodEnd);
        next.trialEnd = event.trialEnd();
        next.cancelAtPeriodEnd = event.cancelAtPeriodEnd();
        next.cancelAt = event.cancelAt();
        next.canceledAt = event.canceledAt();
        next.endedAt = event.endedAt();
        next.cancellationReason = event.cancellationReason();
        next.startDate = firstNonNull(event.startDate(), next.startDate);
        next.currency = firstNonNull(event.currency(), next.currency);
        next.priceAmount = firstNonNull(event.priceAmount(), next.priceAmount);
        next.latestInvoiceId = firstNonNull(event.latestInvoiceId(), next.latestInvoiceId);
    }

    private static void takeInvoice(SubscriptionState.Builder next, SnapshotEvent event) {
        String status = event.status();
        if ("open".equals(status) && event.attemptCount() > 0) {
            next.failedInvoiceId = event.objectId();
        } else if (Objects.equals(event.objectId(), next.failedInvoiceId)
                && ("paid".equals(status) || "void".equals(status))) {
            next.failedInvoiceId = null;
        }
        if ("paid".equals(status) && event.chargeId() != null) {
            next.latestChargeId = event.chargeId();
            next.latestPaymentIntentId = null;   // this invoice's charge is the latest, not an older payment intent
        }
        next.customerId = firstNonNull(next.customerId, event.customerId());
    }

    private void takeCharge(SubscriptionState.Builder next, SnapshotEvent event) {
        Map<String, Long> refunded = new HashMap<>(next.refundedByCharge);
        refunded.merge(event.objectId(), event.amountRefunded(), Math::max);
        next.refundedByCharge = refunded;
        if (event.fullyRefunded() && isLatestCharge(next, event) && next.refundedAt == null) {
            next.refundedAt = event.createdAt();
        }
    }

    /**
     * Whether a charge is the one that paid the subscription's latest invoice. Only a link Stripe gave
     * counts: the invoice's charge (API versions before 2025-03-31), or the payment intent of the
     * invoice's InvoicePayment (from then on). A charge without such a link is never taken for the
     * subscription's, so refunding a one-off purchase cannot end a subscription.
     */
    private static boolean isLatestCharge(SubscriptionState.Builder state, SnapshotEvent charge) {
        return (state.latestChargeId != null && state.latestChargeId.equals(charge.objectId()))
                || (state.latestPaymentIntentId != null && state.latestPaymentIntentId.equals(charge.paymentIntentId()));
    }

    /** A paid InvoicePayment of one of the subscription's invoices names the payment that paid it. */
    private static void takeInvoicePayment(SubscriptionState.Builder next, SnapshotEvent event) {
        if (event.paid()) {
            next.latestPaymentIntentId = event.paymentIntentId();
            next.latestChargeId = event.chargeId();   // null unless paid by a charge: an older charge is not the latest
        }
    }

    private void derive(SubscriptionState.Builder next, SnapshotEvent event, boolean wasActive) {
        Status status = next.status;
        Instant at = event.createdAt();
        if (status != null && status.provesPurchase()) {
            next.everPurchased = true;
        }
        if (status == Status.ACTIVE || status == Status.TRIALING) {
            next.periodType = status == Status.TRIALING ? PeriodType.TRIAL : PeriodType.NORMAL;
            if (next.currentPeriodStart != null
                    && (next.paidPeriodStart == null || next.currentPeriodStart.isAfter(next.paidPeriodStart))) {
                next.paidPeriodStart = next.currentPeriodStart;
            }
        }
        next.willRenew = status != null && status.mayRenew() && !next.cancelAtPeriodEnd && next.cancelAt == null;

        boolean billingIssue = (status != null && status.flagsBillingIssue()) || next.failedInvoiceId != null;
        if (billingIssue) {
            next.billingIssueDetectedAt = firstNonNull(next.billingIssueDetectedAt, at);
        } else if (status == Status.ACTIVE || status == Status.TRIALING) {
            next.billingIssueDetectedAt = null;
        }

        next.accessRevokedByRefund = refundRevokesAccess && next.refundedAt != null
                && (next.paidPeriodStart == null || !next.paidPeriodStart.isAfter(next.refundedAt));
        next.isActive = status != null && status.grantsAccess() && !next.accessRevokedByRefund;

        if (next.isActive) {
            Instant periodEnd = status == Status.TRIALING
                    ? firstNonNull(next.trialEnd, next.currentPeriodEnd)
                    : next.currentPeriodEnd;
            boolean endsEarly = next.cancelAt != null && (periodEnd == null || next.cancelAt.isBefore(periodEnd));
            next.expiresAt = endsEarly ? next.cancelAt : periodEnd;
        } else if (next.accessRevokedByRefund) {
            next.expiresAt = next.refundedAt;
        } else if (next.everPurchased) {
            next.expiresAt = firstNonNull(next.endedAt, wasActive ? at : firstNonNull(next.expiresAt, at));
        } else {
            next.expiresAt = null;
        }

        if (next.willRenew || !next.everPurchased) {
            next.unsubscribeDetectedAt = null;
        } else {
            next.unsubscribeDetectedAt = firstNonNull(next.canceledAt, firstNonNull(next.unsubscribeDetectedAt, at));
        }
    }

    /**
     * In RevenueCat's words. Stripe's {@code cancellation_details.reason} says {@code payment_failed},
     * {@code payment_disputed} or {@code cancellation_requested}; a request to cancel (a set
     * {@code canceled_at}, {@code cancel_at} or {@code cancel_at_period_end}) is the customer's, since
     * Stripe does not say whether the customer or the merchant asked.
     */
    private static EndReason endReason(SubscriptionState state) {
        if (state.accessRevokedByRefund() || "payment_disputed".equals(state.cancellationReason())) {
            return EndReason.CUSTOMER_SUPPORT;
        }
        if (state.status() == Status.UNPAID || state.billingIssueDetectedAt() != null
                || "payment_failed".equals(state.cancellationReason())) {
            return EndReason.BILLING_ERROR;
        }
        if ("cancellation_requested".equals(state.cancellationReason()) || state.canceledAt() != null
                || state.cancelAt() != null || state.cancelAtPeriodEnd()) {
            return EndReason.UNSUBSCRIBE;
        }
        return EndReason.UNKNOWN;
    }

    private static <T> T firstNonNull(T first, T second) {
        return first != null ? first : second;
    }

    private record Emitter(List<LifecycleEvent> events, SnapshotEvent cause, SubscriptionState before,
            SubscriptionState after) {
        void event(LifecycleType type, PeriodType periodType, EndReason cancelReason, EndReason expirationReason) {
            String previousProduct = type == LifecycleType.PRODUCT_CHANGE ? before.productId() : null;
            events.add(new LifecycleEvent(type, cause.id(), cause.createdAt(), periodType, cancelReason,
                    expirationReason, previousProduct, false, after));
        }

        /** A renewal that ends a trial is RevenueCat's trial conversion. */
        void renewal() {
            boolean trialConversion = before.periodType() == PeriodType.TRIAL && after.periodType() == PeriodType.NORMAL;
            events.add(new LifecycleEvent(LifecycleType.RENEWAL, cause.id(), cause.createdAt(), after.periodType(),
                    null, null, null, trialConversion, after));
        }
    }
}
