package dev.subsync.stripe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.json.Json;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * A stored Stripe snapshot event, read for ordering and state derivation. This is the one place that
 * knows where fields live in both payload shapes: before API version 2025-03-31 ("basil") and after,
 * when {@code current_period_*} moved to {@code items.data[]} and {@code invoice.subscription} to
 * {@code invoice.parent.subscription_details.subscription}.
 */
public final class SnapshotEvent {

    private static final ObjectMapper JSON = Json.MAPPER;

    private final String id;
    private final String type;
    private final long created;
    private final Boolean livemode;
    private final JsonNode object;
    private final JsonNode previousAttributes;

    private SnapshotEvent(String id, String type, long created, Boolean livemode, JsonNode object,
            JsonNode previousAttributes) {
        this.id = id;
        this.type = type;
        this.created = created;
        this.livemode = livemode;
        this.object = object;
        this.previousAttributes = previousAttributes;
    }

    public static SnapshotEvent parse(String payload) {
        try {
            return of(JSON.readTree(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored payload is not JSON", e);
        }
    }

    public static SnapshotEvent of(JsonNode root) {
        JsonNode data = root.path("data");
        JsonNode livemode = root.path("livemode");
        return new SnapshotEvent(root.path("id").asText(), root.path("type").asText(), root.path("created").asLong(),
                livemode.isBoolean() ? livemode.booleanValue() : null, data.path("object"), data.path("previous_attributes"));
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    public long created() {
        return created;
    }

    public Instant createdAt() {
        return Instant.ofEpochSecond(created);
    }

    /** Stripe's {@code livemode}: false for test mode; null when the payload does not say. */
    public Boolean livemode() {
        return livemode;
    }

    /** {@code subscription}, {@code invoice}, {@code charge}, ... from {@code data.object.object}. */
    public String objectType() {
        return object.path("object").asText("");
    }

    public String objectId() {
        return object.path("id").asText(null);
    }

    public boolean isSubscription() {
        return objectType().equals("subscription");
    }

    public boolean isInvoice() {
        return objectType().equals("invoice");
    }

    public boolean isCharge() {
        return objectType().equals("charge");
    }

    /** Stripe's InvoicePayment (API 2025-03-31 on): links an invoice to the payment intent or charge that paid it. */
    public boolean isInvoicePayment() {
        return objectType().equals("invoice_payment");
    }

    public String customerId() {
        return customerId(object);
    }

    /** The subscription the payload names itself; null for charges, which need a lookup. */
    public String subscriptionId() {
        return subscriptionId(object);
    }

    public static String customerId(JsonNode object) {
        return idOf(object.get("customer"));
    }

    public static String subscriptionId(JsonNode object) {
        return switch (object.path("object").asText("")) {
            case "subscription" -> object.path("id").asText(null);
            case "invoice" -> firstNonNull(idOf(object.get("subscription")),
                    idOf(object.path("parent").path("subscription_details").get("subscription")));
            default -> null;
        };
    }

    // --- subscription fields ---

    public String status() {
        return object.path("status").asText(null);
    }

    public boolean cancelAtPeriodEnd() {
        return object.path("cancel_at_period_end").asBoolean(false);
    }

    public Instant cancelAt() {
        return instant(object.get("cancel_at"));
    }

    public Instant canceledAt() {
        return instant(object.get("canceled_at"));
    }

    public Instant endedAt() {
        return instant(object.get("ended_at"));
    }

    public Instant trialEnd() {
        return instant(object.get("trial_end"));
    }

    public String cancellationReason() {
        return object.path("cancellation_details").path("reason").asText(null);
    }

    public Instant currentPeriodStart() {
        return firstNonNull(instant(object.get("current_period_start")), instant(firstItem().get("current_period_start")));
    }

    public Instant currentPeriodEnd() {
        return firstNonNull(instant(object.get("current_period_end")), instant(firstItem().get("current_period_end")));
    }

    public String priceId() {
        return idOf(firstItem().get("price"));
    }

    public String productId() {
        return idOf(firstItem().path("price").get("product"));
    }

    /** When the subscription was first created: RevenueCat's {@code original_purchase_date}. */
    public Instant startDate() {
        return instant(object.get("start_date"));
    }

    /** Lower-case ISO currency of the subscription's price. */
    public String currency() {
        return firstNonNull(firstItem().path("price").path("currency").asText(null), object.path("currency").asText(null));
    }

    /** What one period costs, in the currency's smallest unit: the price's unit amount times the quantity. */
    public Long priceAmount() {
        JsonNode unitAmount = firstItem().path("price").get("unit_amount");
        if (unitAmount == null || !unitAmount.canConvertToLong()) {
            return null;
        }
        try {
            return Math.multiplyExact(unitAmount.asLong(), firstItem().path("quantity").asLong(1));
        } catch (ArithmeticException e) {
            return null;   // no real price overflows a long; such a payload gets no price rather than a wrong one
        }
    }

    /** The subscription's latest invoice (its {@code latest_invoice}): RevenueCat's {@code store_transaction_id}. */
    public String latestInvoiceId() {
        return idOf(object.get("latest_invoice"));
    }

    // --- invoice fields ---

    public int attemptCount() {
        return object.path("attempt_count").asInt(0);
    }

    /**
     * The charge that paid an invoice (before basil only) or an invoice payment (when it was paid by a
     * charge), or the invoice a charge paid (before basil only).
     */
    public String chargeId() {
        return isInvoicePayment() ? idOf(object.path("payment").get("charge")) : idOf(object.get("charge"));
    }

    /** The invoice a charge paid (before basil only) or an invoice payment belongs to. */
    public String invoiceId() {
        return idOf(object.get("invoice"));
    }

    /** The payment intent of a charge, or the one that paid an invoice payment. */
    public String paymentIntentId() {
        return isInvoicePayment() ? idOf(object.path("payment").get("payment_intent")) : idOf(object.get("payment_intent"));
    }

    /** An invoice payment's status: {@code paid}, {@code open}, {@code canceled}. */
    public boolean paid() {
        return "paid".equals(status());
    }

    // --- charge fields ---

    public long amount() {
        return object.path("amount").asLong(0);
    }

    public long amountRefunded() {
        return object.path("amount_refunded").asLong(0);
    }

    public boolean fullyRefunded() {
        return object.path("refunded").asBoolean(false) || (amount() > 0 && amountRefunded() >= amount());
    }

    public Instant objectCreated() {
        return instant(object.get("created"));
    }

    // --- ordering evidence ---

    public boolean hasPreviousAttributes() {
        return previousAttributes.isObject() && previousAttributes.size() > 0;
    }

    /**
     * True when this event's {@code previous_attributes} are the values {@code other}'s snapshot shows:
     * this event records the change away from the state {@code other} describes, so it comes after it.
     */
    public boolean changesAwayFrom(SnapshotEvent other) {
        if (!hasPreviousAttributes() || !other.object.isObject()) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = previousAttributes.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().equals(other.object.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private JsonNode firstItem() {
        return object.path("items").path("data").path(0);
    }

    /** An id field may be a string or an expanded object. */
    private static String idOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isObject() ? node.path("id").asText(null) : node.asText(null);
    }

    private static Instant instant(JsonNode node) {
        return node == null || !node.canConvertToLong() ? null : Instant.ofEpochSecond(node.asLong());
    }

    private static <T> T firstNonNull(T first, T second) {
        return first != null ? first : second;
    }

    @Override
    public String toString() {
        return id + "(" + type + "@" + created + ")";
    }
}
