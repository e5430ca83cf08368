package dev.subsync.api;

/** An app's registration of a purchase: Stripe subscription {@code fetchToken} belongs to {@code appUserId}. */
public record Receipt(String appUserId, String fetchToken) {
}
