package dev.subsync.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The /v1 API over real HTTP, with a bearer key. */
public final class SubscriberApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String key;

    public SubscriberApi(int port, String key) {
        this.base = "http://localhost:" + port;
        this.key = key;
    }

    public HttpResponse<String> postReceipt(String appUserId, String fetchToken) {
        return post("/v1/receipts", "{\"app_user_id\":\"" + appUserId + "\",\"fetch_token\":\"" + fetchToken + "\"}");
    }

    public HttpResponse<String> subscriber(String appUserId) {
        return get("/v1/subscribers/" + encode(appUserId));
    }

    /**
     * The user's one subscription entry of {@code subscriber.subscriptions} (RevenueCat keys them by
     * product), with that key as {@code product_id}; a missing node when there is none.
     */
    public JsonNode onlySubscription(String appUserId) {
        try {
            JsonNode subscriptions = JSON.readTree(subscriber(appUserId).body()).path("subscriber").path("subscriptions");
            var entries = subscriptions.fields();
            if (!entries.hasNext()) {
                return MissingNode.getInstance();
            }
            var entry = entries.next();
            assertThat(entries.hasNext()).as("one subscription").isFalse();
            return ((ObjectNode) entry.getValue().deepCopy()).put("product_id", entry.getKey());
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    public HttpResponse<String> events(String appUserId, long after, int limit) {
        return get("/v1/subscribers/" + encode(appUserId) + "/events?after=" + after + "&limit=" + limit);
    }

    public HttpResponse<String> get(String path) {
        return SignedDelivery.send(request(path).GET().build());
    }

    public HttpResponse<String> post(String path, String json) {
        return SignedDelivery.send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    public HttpResponse<String> send(String method, String path) {
        return SignedDelivery.send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return request;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
