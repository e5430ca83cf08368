package dev.subsync.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.json.Json;
import dev.subsync.http.QueryParameters;
import dev.subsync.http.Rejection;
import dev.subsync.http.RequestRejectedException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;

/** Reads and validates what apps send to {@code /v1}; anything invalid is a 400 naming the problem. */
public class ApiRequests {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Pattern SUBSCRIPTION_ID = Pattern.compile("sub_[A-Za-z0-9_]{1,251}");
    private static final int MAX_ID_LENGTH = 255;
    private static final Pattern DEAD_LETTER_REASON = Pattern.compile("[a-z_]{1,64}");
    private static final int MAX_PAGE = 1000;
    private static final int DEFAULT_PAGE = 100;
    /** In {@code /v1/subscribers/{id}} and {@code /v1/admin/subscribers/{id}}; an id's own {@code /} is encoded. */
    private static final String SUBSCRIBERS_PATH = "/subscribers/";
    private static final String DEAD_LETTERS_PATH = "/v1/admin/dead-letters/";
    private static final String SUBSCRIPTIONS_PATH = "/v1/admin/subscriptions/";
    private static final String WEBHOOK_DELIVERIES_PATH = "/v1/admin/webhook-deliveries/";
    private static final List<String> DELIVERY_STATUSES = List.of("pending", "failed", "dead_lettered", "delivered");
    /** The variable the routes keep the checked query parameters in ({@link QueryParameters#only}). */
    public static final String QUERY_VARIABLE = "query";

    public Receipt receipt(byte[] body) {
        JsonNode json = jsonObject(body);
        String appUserId = requiredText(json, "app_user_id");
        String fetchToken = requiredText(json, "fetch_token");
        checkAppUserId(appUserId);
        if (!SUBSCRIPTION_ID.matcher(fetchToken).matches()) {
            throw reject(Rejection.INVALID_FETCH_TOKEN,
                    "fetch_token must be a Stripe subscription id (sub_...), at most 255 characters");
        }
        return new Receipt(appUserId, fetchToken);
    }

    /** The {@code to_app_user_id} of a transfer's body. */
    public String transferTarget(byte[] body) {
        String appUserId = requiredText(jsonObject(body), "to_app_user_id");
        checkAppUserId(appUserId);
        return appUserId;
    }

    /** The {@code {subscription_id}} of {@code /v1/admin/subscriptions/{subscription_id}/...}. */
    public String subscriptionId(@Header(Exchange.HTTP_URI) String rawUri) {
        String subscriptionId = QueryParameters.decode(pathSegment(rawUri, SUBSCRIPTIONS_PATH), false);
        if (!SUBSCRIPTION_ID.matcher(subscriptionId).matches()) {
            throw reject(Rejection.INVALID_PARAMETER,
                    "subscription_id must be a Stripe subscription id (sub_...), at most 255 characters");
        }
        return subscriptionId;
    }

    /**
     * The {@code {app_user_id}} of {@code /v1[/admin]/subscribers/{app_user_id}[/...]}, percent-decoded from the
     * raw request path (the header the HTTP component derives holds it still encoded on some runtimes,
     * decoded on others), so that any id a receipt accepted, with {@code /} or non-ASCII characters,
     * can be read back.
     */
    public String appUserId(@Header(Exchange.HTTP_URI) String rawUri) {
        String appUserId = QueryParameters.decode(pathSegment(rawUri, SUBSCRIBERS_PATH), false);
        if (appUserId.isEmpty()) {
            throw reject(Rejection.INVALID_APP_USER_ID, "app_user_id is missing");
        }
        checkAppUserId(appUserId);
        return appUserId;
    }

    /** Reads {@code after} (default 0) and {@code limit} (1..1000, default 100) into variables. */
    public void page(@Variable(QUERY_VARIABLE) Map<String, String> query, Exchange exchange) {
        exchange.setVariable("after", number(query.get("after"), "after", 0, 0, Long.MAX_VALUE));
        exchange.setVariable("limit", number(query.get("limit"), "limit", DEFAULT_PAGE, 1, MAX_PAGE));
    }

    /** The {@code reason} query parameter of a redrive by reason: required, one of the dead-letter reasons. */
    public String requiredReason(@Variable(QUERY_VARIABLE) Map<String, String> query) {
        String reason = query.get("reason");
        if (reason == null || !DEAD_LETTER_REASON.matcher(reason).matches()) {
            throw reject(Rejection.INVALID_PARAMETER, "reason is required: a dead-letter reason such as receipt_not_found");
        }
        return reason;
    }

    /** The {@code status} query parameter of the deliveries list: required, one of {@link #DELIVERY_STATUSES}. */
    public String deliveryStatus(@Variable(QUERY_VARIABLE) Map<String, String> query) {
        String status = query.get("status");
        if (status == null || !DELIVERY_STATUSES.contains(status)) {
            throw reject(Rejection.INVALID_PARAMETER, "status is required: one of " + String.join(", ", DELIVERY_STATUSES));
        }
        return status;
    }

    /** The {@code {id}} of {@code /v1/admin/webhook-deliveries/{id}/redrive}. */
    public long webhookDeliveryId(@Header(Exchange.HTTP_URI) String rawUri) {
        return number(QueryParameters.decode(pathSegment(rawUri, WEBHOOK_DELIVERIES_PATH), false), "id", -1, 1, Long.MAX_VALUE);
    }

    /** The {@code {id}} of {@code /v1/admin/dead-letters/{id}[/...]}. */
    public long deadLetterId(@Header(Exchange.HTTP_URI) String rawUri) {
        return number(QueryParameters.decode(pathSegment(rawUri, DEAD_LETTERS_PATH), false), "id", -1, 1, Long.MAX_VALUE);
    }

    /** The path segment that follows {@code prefix} in a raw request URI, still percent-encoded. */
    private static String pathSegment(String rawUri, String prefix) {
        String path = rawUri == null ? "" : rawUri;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        int start = path.indexOf(prefix);
        if (start < 0) {
            return "";
        }
        String rest = path.substring(start + prefix.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static long number(String value, String name, long fallback, long min, long max) {
        if (value == null || value.isEmpty()) {
            if (fallback < 0) {
                throw reject(Rejection.INVALID_PARAMETER, name + " is required");
            }
            return fallback;
        }
        try {
            long number = Long.parseLong(value);
            if (number < min || number > max) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw reject(Rejection.INVALID_PARAMETER, name + " must be a whole number from " + min
                    + (max == Long.MAX_VALUE ? " up" : " to " + max));
        }
    }

    private static void checkAppUserId(String appUserId) {
        if (appUserId.length() > MAX_ID_LENGTH || appUserId.codePoints().anyMatch(Character::isISOControl)) {
            throw reject(Rejection.INVALID_APP_USER_ID,
                    "app_user_id must be at most 255 characters, without control characters");
        }
    }

    private static JsonNode jsonObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw reject(Rejection.EMPTY_BODY, "the request body is empty; send a JSON object");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw reject(Rejection.INVALID_REQUEST, "the body must be a JSON object");
        }
        if (json == null || !json.isObject()) {
            throw reject(Rejection.INVALID_REQUEST, "the body must be a JSON object");
        }
        return json;
    }

    private static String requiredText(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw reject(Rejection.INVALID_REQUEST, field + " is required");
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw reject(Rejection.INVALID_REQUEST, field + " must be a non-empty string");
        }
        return node.textValue();
    }

    private static RequestRejectedException reject(Rejection rejection, String message) {
        return new RequestRejectedException(rejection, message);
    }
}
