package dev.subsync.state;

/**
 * Why a subscription stopped renewing ({@code cancel_reason}) or lost access ({@code expiration_reason}),
 * in RevenueCat's vocabulary: {@code CUSTOMER_SUPPORT} is a refund or a dispute. RevenueCat's
 * {@code DEVELOPER_INITIATED} is never given: Stripe does not say whether the customer or the merchant
 * asked to cancel, so a request to cancel is {@code UNSUBSCRIBE}.
 */
public enum EndReason {
    UNSUBSCRIBE, BILLING_ERROR, CUSTOMER_SUPPORT, UNKNOWN
}
