package dev.subsync.stripe;

/**
 * The envelope fields of a Stripe snapshot event that subsync stores and orders by; the payload is
 * kept verbatim as JSON text.
 *
 * @param created Stripe's {@code created}, in whole seconds since the epoch
 * @param objectId {@code data.object.id}, or null when the object has none
 * @param customerId {@code data.object.customer}: a customer's events are resequenced together
 * @param subscriptionId the subscription the payload names, or null (charges are resolved later)
 */
public record StripeEvent(
        String id,
        String type,
        long created,
        boolean livemode,
        String apiVersion,
        String objectId,
        String customerId,
        String subscriptionId,
        String payload) {
}
