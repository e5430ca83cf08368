package dev.subsync;

import static dev.subsync.support.StripeFixtures.subscriptionEvent;
import static dev.subsync.support.StripeFixtures.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsync.support.SignedDelivery;
import dev.subsync.support.SubsyncTest;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that announce a body and never send it hold no thread: more of them than the container has
 * worker threads (200) leave a valid delivery answered at once, and each is cut off with a 408.
 */
class StalledClientsTest extends SubsyncTest {

    private static final int STALLED = 300;
    private final List<Socket> stalled = new ArrayList<>();

    @AfterEach
    void closeStalledConnections() throws IOException {
        for (Socket socket : stalled) {
            socket.close();
        }
    }

    @Test
    void stalledUploadsHoldNoThreadAndAreCutOffWith408() throws Exception {
        for (int i = 0; i < STALLED; i++) {
            Socket socket = new Socket("localhost", port);
            String target = i % 2 == 0 ? "/webhooks/stripe" : "/v1/receipts";
            // a length within each endpoint's limit (a larger one is refused at once with 413)
            String head = i % 4 < 2
                    ? "Content-Length: 60000\r\n\r\n{\"id\":"
                    : "Transfer-Encoding: chunked\r\n\r\n6\r\n{\"id\":";
            socket.getOutputStream().write(("POST " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\n" + head).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            stalled.add(socket);
        }

        // answered while every stalled upload is still open (they are cut off after subsync.http.body-timeout, 5 s)
        String payload = subscriptionEvent(uniqueEventId(), "customer.subscription.updated", "sub_stall");
        HttpResponse<String> delivery = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stripe().uri())
                        .timeout(Duration.ofSeconds(3))
                        .header("Content-Type", "application/json")
                        .header("Stripe-Signature", SignedDelivery.stripeHeader(payload, SECRET))
                        .POST(HttpRequest.BodyPublishers.ofString(payload))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delivery.statusCode()).isEqualTo(200);

        for (Socket socket : stalled) {
            socket.setSoTimeout(15_000);   // cut off after 5 s; fails here if the server keeps it open
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"error\":\"request_timeout\"");
        }
    }
}
