package dev.subsync.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.http.Rejection;
import dev.subsync.http.RequestRejectedException;
import java.io.IOException;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/** Reads and validates what apps send to {@code /v1}; anything invalid is a 400 naming the problem. */
public class ApiRequests {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern SUBSCRIPTION_ID = Pattern.compile("sub_[A-Za-z0-9_]{1,251}");
    private static final int MAX_ID_LENGTH = 255;
    private static final int MAX_PAGE = 1000;
    private static final int DEFAULT_PAGE = 100;

    public Receipt receipt(byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw reject(Rejection.INVALID_REQUEST, "the body must be a JSON object");
        }
        if (json == null || !json.isObject()) {
            throw reject(Rejection.INVALID_REQUEST, "the body must be a JSON object");
        }
        String appUserId = requiredText(json, "app_user_id");
        String fetchToken = requiredText(json, "fetch_token");
        checkAppUserId(appUserId);
        if (!SUBSCRIPTION_ID.matcher(fetchToken).matches()) {
            throw reject(Rejection.INVALID_FETCH_TOKEN,
                    "fetch_token must be a Stripe subscription id (sub_...), at most 255 characters");
        }
        return new Receipt(appUserId, fetchToken);
    }

    /** The {@code {appUserId}} path parameter. */
    public String appUserId(@Header("appUserId") String appUserId) {
        if (appUserId == null || appUserId.isEmpty()) {
            throw reject(Rejection.INVALID_APP_USER_ID, "app_user_id is missing");
        }
        checkAppUserId(appUserId);
        return appUserId;
    }

    /** Reads {@code after} (default 0) and {@code limit} (1..1000, default 100) into variables. */
    public void page(Exchange exchange) {
        exchange.setVariable("after", number(exchange.getMessage().getHeader("after", String.class), "after",
                0, 0, Long.MAX_VALUE));
        exchange.setVariable("limit", number(exchange.getMessage().getHeader("limit", String.class), "limit",
                DEFAULT_PAGE, 1, MAX_PAGE));
    }

    /** The {@code {id}} path parameter of a dead letter. */
    public long deadLetterId(@Header("id") String id) {
        return number(id, "id", -1, 1, Long.MAX_VALUE);
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
