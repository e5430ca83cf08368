package dev.subsync.state;

/** Why a subscription stopped renewing ({@code cancel_reason}) or lost access ({@code expiration_reason}). */
public enum EndReason {
    UNSUBSCRIBE, BILLING_ERROR, REFUND
}
