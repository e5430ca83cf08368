package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsync.support.SubscriberApi;
import dev.subsync.support.SubsyncTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ApiContractTest extends SubsyncTest {

    @ParameterizedTest
    @ValueSource(strings = {"/v1/subscribers/someone", "/v1/subscribers/someone/events", "/v1/events",
            "/v1/admin/dead-letters"})
    void withoutAKeyOrWithAWrongKeyTheApiAnswers401(String path) {
        for (SubscriberApi caller : new SubscriberApi[] {new SubscriberApi(port, null),
                new SubscriberApi(port, "sk_not_a_key"), new SubscriberApi(port, API_KEY + "x")}) {
            HttpResponse<String> response = caller.get(path);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("\"error\":\"unauthorized\"").doesNotContain(API_KEY);
        }
        assertThat(new SubscriberApi(port, null).postReceipt("u", "sub_1").statusCode()).isEqualTo(401);
    }

    @Test
    void adminEndpointsRefuseThePlainApiKey() {
        HttpResponse<String> withAppKey = api().get("/v1/admin/dead-letters");
        HttpResponse<String> redriveWithAppKey = api().post("/v1/admin/dead-letters/1/redrive", "");

        assertThat(withAppKey.statusCode()).isEqualTo(403);
        assertThat(withAppKey.body()).contains("\"error\":\"forbidden\"");
        assertThat(redriveWithAppKey.statusCode()).isEqualTo(403);
        assertThat(new SubscriberApi(port, ADMIN_KEY).get("/v1/admin/dead-letters").statusCode()).isEqualTo(200);
    }

    @Test
    void theApiKeyIsNeverEchoedBack() {
        HttpResponse<String> response = api().get("/v1/events");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Authorization")).isEmpty();
    }

    @Test
    void aReceiptIsCreatedOnceAndTheSameMappingAgainIsOk() {
        String user = "user-" + UUID.randomUUID();
        String token = "sub_" + UUID.randomUUID().toString().replace("-", "");

        HttpResponse<String> created = api().postReceipt(user, token);
        HttpResponse<String> again = api().postReceipt(user, token);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"original_app_user_id\":\"" + user + "\"").contains("\"created\":true");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"created\":false");
    }

    @Test
    void aTokenAlreadyBoundToAnotherUserIsAConflict() {
        String token = "sub_" + UUID.randomUUID().toString().replace("-", "");
        api().postReceipt("user-a-" + token, token);

        HttpResponse<String> other = api().postReceipt("user-b-" + token, token);

        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(other.body()).contains("\"error\":\"fetch_token_already_bound\"");
        assertThat(jdbc.queryForObject("SELECT app_user_id FROM receipts WHERE fetch_token = ?", String.class, token))
                .isEqualTo("user-a-" + token);
    }

    @Test
    void invalidReceiptsAreRefusedWithTheirReason() {
        assertInvalid("{\"fetch_token\":\"sub_1\"}", "invalid_request", "app_user_id is required");
        assertInvalid("{\"app_user_id\":\"u1\"}", "invalid_request", "fetch_token is required");
        assertInvalid("{\"app_user_id\":\"u1\",\"fetch_token\":\"cus_123\"}", "invalid_fetch_token", "sub_");
        assertInvalid("{\"app_user_id\":\"u1\",\"fetch_token\":\"sub_" + "a".repeat(260) + "\"}",
                "invalid_fetch_token", "255");
        assertInvalid("{\"app_user_id\":\"" + "u".repeat(256) + "\",\"fetch_token\":\"sub_1\"}",
                "invalid_app_user_id", "255");
        assertInvalid("{\"app_user_id\":\"bad\\u0007user\",\"fetch_token\":\"sub_1\"}",
                "invalid_app_user_id", "control");
        assertInvalid("{\"app_user_id\":42,\"fetch_token\":\"sub_1\"}", "invalid_request", "string");
        assertInvalid("not json", "invalid_request", "JSON object");
    }

    @Test
    void anUnknownSubscriberIsEmptyAsOnRevenueCatAndBadPagingIs400() throws Exception {
        String nobody = "nobody-" + UUID.randomUUID();
        HttpResponse<String> unknown = api().subscriber(nobody);
        assertThat(unknown.statusCode()).isEqualTo(200);
        JsonNode subscriber = new ObjectMapper().readTree(unknown.body()).path("subscriber");
        assertThat(subscriber.path("original_app_user_id").asText()).isEqualTo(nobody);
        assertThat(subscriber.path("entitlements").isEmpty()).isTrue();
        assertThat(subscriber.path("subscriptions").isEmpty()).isTrue();
        assertThat(subscriber.path("sequence").asInt()).isZero();
        assertThat(api().events(nobody, 0, 10).body()).contains("\"events\":[]");
        // nothing stored for a read
        assertThat(jdbc.queryForObject("SELECT (SELECT count(*) FROM receipts WHERE app_user_id = ?)"
                + " + (SELECT count(*) FROM subscribers WHERE app_user_id = ?)", Integer.class, nobody, nobody)).isZero();

        assertThat(api().get("/v1/events?limit=0").body()).contains("invalid_parameter");
        assertThat(api().get("/v1/events?limit=0").statusCode()).isEqualTo(400);
        assertThat(api().get("/v1/events?after=-1").statusCode()).isEqualTo(400);
        assertThat(api().get("/v1/events?after=abc").statusCode()).isEqualTo(400);
        assertThat(api().get("/v1/events?limit=1001").statusCode()).isEqualTo(400);
    }

    private void assertInvalid(String body, String error, String messagePart) {
        HttpResponse<String> response = api().post("/v1/receipts", body);
        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(response.body()).as(body).contains("\"error\":\"" + error + "\"").contains(messagePart);
    }
}
