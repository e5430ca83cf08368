package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.subsync.http.RequestRejectedException;
import dev.subsync.support.SignedDelivery;
import dev.subsync.support.SubscriberApi;
import dev.subsync.support.SubsyncTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class HostileApiInputTest extends SubsyncTest {

    /** As for the webhook: a refused request never reaches Camel's error-handler logger (see HostileWebhookInputTest). */
    @Test
    void aRefusedRequestLeavesCamelsErrorHandlerLoggerAlone(CapturedOutput output) {
        assumeFalse(onCamelQuarkus(), "Camel Quarkus logs in a process of its own");
        withDebugLogging(CAMEL_ERROR_HANDLER_LOG, () -> {
            assertThat(new SubscriberApi(port, "sk_wrong").get("/v1/events").statusCode()).isEqualTo(401);
            assertThat(api().get("/v1/events?limit=2&limit=3").statusCode()).isEqualTo(400);
        });

        assertThat(output.getAll()).doesNotContain("caught: " + RequestRejectedException.class.getName());
    }

    @Test
    void anApiKeyInTheQueryStringIsRefused() {
        HttpResponse<String> response = new SubscriberApi(port, null)
                .get("/v1/admin/dead-letters?Authorization=Bearer%20" + ADMIN_KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"error\":\"invalid_parameter\"").doesNotContain(ADMIN_KEY);
    }

    @Test
    void aPagingParameterSentAsAHeaderIsNotTakenForTheQuery() {
        // platform-http turns query parameters into headers; a header of the same name must not act as one
        HttpResponse<String> response = SignedDelivery.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/v1/events"))
                .header("Authorization", "Bearer " + API_KEY)
                .header("limit", "0")
                .GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void unknownOrRepeatedQueryParametersAreRefused() {
        assertThat(api().get("/v1/events?limit=2&limit=3").body()).contains("given more than once");
        assertThat(api().get("/v1/events?cursor=3").body()).contains("unknown query parameter");
        assertThat(api().get("/v1/events?cursor=3").statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"üser-%s", "team/%s", "a b+c %% %s", "日本-%s"})
    void everyAppUserIdAReceiptAcceptsCanBeReadBack(String pattern) {
        String user = pattern.formatted(UUID.randomUUID());
        String token = "sub_" + UUID.randomUUID().toString().replace("-", "");
        assertThat(api().post("/v1/receipts", "{\"app_user_id\":\"" + user + "\",\"fetch_token\":\"" + token + "\"}")
                .statusCode()).isEqualTo(201);

        HttpResponse<String> subscriber = api().subscriber(user);
        HttpResponse<String> events = api().events(user, 0, 10);

        assertThat(subscriber.statusCode()).isEqualTo(200);
        assertThat(subscriber.body()).contains("\"original_app_user_id\":\"" + user + "\"");
        assertThat(events.statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenBoundToOneIsNotBoundToZeroOne() {
        String token = "sub_" + UUID.randomUUID().toString().replace("-", "");
        assertThat(api().postReceipt("1", token).statusCode()).isEqualTo(201);

        HttpResponse<String> other = api().postReceipt("01", token);

        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(other.body()).contains("\"error\":\"fetch_token_already_bound\"");
    }

    @Test
    void aReceiptBodyOverTheLimitIsRefusedWith413EvenWhenChunked() {
        // over the 64KB limit, and under Tomcat's 2MB max-swallow-size, past which the client sending the
        // rest of its body sees the connection dropped instead of the 413
        byte[] oneMegabyte = " ".repeat(1024 * 1024).getBytes(StandardCharsets.US_ASCII);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/receipts"))
                .header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/json");

        HttpResponse<String> sized = SignedDelivery.send(request.copy()
                .POST(HttpRequest.BodyPublishers.ofByteArray(oneMegabyte)).build());
        HttpResponse<String> chunked = SignedDelivery.send(request.copy()
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oneMegabyte))).build());

        for (HttpResponse<String> response : java.util.List.of(sized, chunked)) {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).contains("\"error\":\"payload_too_large\"").contains("subsync.api.max-body-size");
        }
    }

    @Test
    void aChunkedReceiptWithinTheLimitIsStored() {
        String token = "sub_" + UUID.randomUUID().toString().replace("-", "");
        byte[] body = ("{\"app_user_id\":\"chunky\",\"fetch_token\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = SignedDelivery.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/v1/receipts"))
                .header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /v1/subscribers/%ZZ HTTP/1.1", "GET /v1/subscribers/%FF%FE HTTP/1.1",
            "GET /v1/events?after=%ZZ HTTP/1.1"})
    void whatTomcatRefusesItselfIsAnsweredInTheJsonShape(String requestLine) throws Exception {
        assumeTrue(onSpringBoot() || !requestLine.contains("%ZZ"),
                "Vert.x answers an undecodable %-escape before any router, in plain text (README: runtimes)");
        String answer = rawRequest(requestLine + "\r\nHost: localhost\r\nAuthorization: Bearer " + API_KEY
                + "\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).contains("application/json").contains("\"error\":\"").doesNotContain("<html");
    }

    @Test
    void theActuatorIsNotOnThePublicPort() {
        for (String path : new String[] {"/actuator/health", "/actuator/prometheus", "/actuator/metrics"}) {
            HttpResponse<String> response = SignedDelivery.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + path)).build());
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).doesNotContain("\"db\"").contains("\"error\":\"");   // the engine's 404 as JSON too
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
        }
    }

    private String rawRequest(String request) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
