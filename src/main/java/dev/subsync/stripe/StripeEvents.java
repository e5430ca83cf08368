package dev.subsync.stripe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.json.Json;
import dev.subsync.http.Rejection;
import dev.subsync.http.RequestRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Reads a verified request body as a Stripe event, refusing anything that is not one. */
public class StripeEvents {

    // Stripe ids are a prefix, an underscore and [A-Za-z0-9]; the id ends up in responses and logs
    private static final Pattern EVENT_ID = Pattern.compile("evt_[A-Za-z0-9_]{1,251}");
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z0-9_.]{1,255}");
    /** Longer ids are not Stripe's, and would not fit PostgreSQL's index rows (a 10 KB id failed a whole batch). */
    static final int MAX_ID_LENGTH = 255;
    private static final ObjectMapper JSON = Json.MAPPER;

    public StripeEvent read(byte[] body) {
        JsonNode root = parse(body);
        if (!root.isObject()) {
            throw notAnEvent("the body is JSON but not an object");
        }
        String payload = new String(body, StandardCharsets.UTF_8);
        if (holdsNul(payload, root)) {
            throw new RequestRejectedException(Rejection.PAYLOAD_NOT_STORABLE,
                    "the event is valid JSON but holds a \\u0000 (NUL) character, which PostgreSQL cannot store");
        }
        if (!"event".equals(root.path("object").asText(null))) {
            throw notAnEvent("\"object\" must be \"event\"");
        }
        String id = requiredText(root, "id");
        if (!EVENT_ID.matcher(id).matches()) {
            throw notAnEvent("\"id\" must look like evt_...");
        }
        String type = requiredText(root, "type");
        if (!EVENT_TYPE.matcher(type).matches()) {
            throw notAnEvent("\"type\" must be a Stripe event type such as customer.subscription.updated");
        }
        JsonNode created = root.get("created");
        if (created == null || !created.canConvertToLong() || created.asLong() <= 0) {
            throw notAnEvent("\"created\" must be a positive number of seconds");
        }
        JsonNode object = root.path("data").get("object");
        if (object == null || !object.isObject()) {
            throw notAnEvent("\"data.object\" must be an object");
        }
        return new StripeEvent(
                id,
                type,
                created.asLong(),
                root.path("livemode").asBoolean(false),
                shortText(root.path("api_version").textValue(), "api_version"),
                shortText(object.path("id").textValue(), "data.object.id"),
                shortText(SnapshotEvent.customerId(object), "data.object.customer"),
                shortText(SnapshotEvent.subscriptionId(object), "the subscription id"),
                payload);
    }

    private static String shortText(String value, String field) {
        if (value != null && value.length() > MAX_ID_LENGTH) {
            throw notAnEvent(field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new RequestRejectedException(Rejection.EMPTY_BODY, "the request body is empty");
        }
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw new RequestRejectedException(Rejection.INVALID_JSON, "the body is empty");
            }
            return root;
        } catch (StreamConstraintsException e) {
            // Jackson's size limits (nesting depth, number length): no location is known
            throw new RequestRejectedException(Rejection.INVALID_JSON,
                    "the body is JSON beyond the parser's limits (nesting depth, number or string length)");
        } catch (JsonProcessingException e) {
            throw new RequestRejectedException(Rejection.INVALID_JSON, "the body is not valid JSON" + where(e));
        } catch (java.io.IOException e) {
            throw new RequestRejectedException(Rejection.INVALID_JSON, "the body could not be read as JSON");
        }
    }

    private static String where(JsonProcessingException e) {
        var location = e.getLocation();
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /**
     * Whether a string or a field name holds the NUL character, which PostgreSQL's text and jsonb
     * cannot hold: the inbox keeps the payload as json text, which would take it, but reading or
     * dead-lettering the event later would fail. Only bodies that spell the escape are walked.
     */
    private static boolean holdsNul(String payload, JsonNode root) {
        return payload.contains("\\u0000") && holdsNul(root);
    }

    private static boolean holdsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0;
        }
        for (var fields = node.fields(); fields.hasNext(); ) {
            var field = fields.next();
            if (field.getKey().indexOf('\0') >= 0 || holdsNul(field.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (holdsNul(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.textValue().isEmpty()) {
            throw notAnEvent("\"" + field + "\" is missing or not a string");
        }
        return node.textValue();
    }

    private static RequestRejectedException notAnEvent(String why) {
        return new RequestRejectedException(Rejection.NOT_A_STRIPE_EVENT, "not a Stripe event: " + why);
    }
}
