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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

    @Test
    void headersTricklingInAByteASecondAreCutOffAfterTheHeaderTimeout() throws Exception {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < 50; i++) {
                Socket socket = new Socket("localhost", port);
                socket.getOutputStream().write("POST /webhooks/stripe HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
                        .getBytes(StandardCharsets.US_ASCII));
                stalled.add(socket);
            }
            // one more header byte on every connection each 500 ms: never silent long enough for the idle timeout
            trickle.scheduleAtFixedRate(() -> stalled.forEach(socket -> {
                try {
                    socket.getOutputStream().write('a');
                } catch (IOException closed) {
                    // cut off: what this test waits for
                }
            }), 0, 500, TimeUnit.MILLISECONDS);

            long started = System.nanoTime();
            for (Socket socket : stalled) {
                assertThat(closedByServerWithin(socket, Duration.ofSeconds(20))).isTrue();
            }
            // subsync.http.header-timeout is 5 s, checked every second
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        } finally {
            trickle.shutdownNow();
        }
    }

    @Test
    void anIdleKeptAliveConnectionOutlivesTheHeaderTimeout() throws Exception {
        Socket socket = new Socket("localhost", port);
        stalled.add(socket);
        String request = "GET /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + API_KEY + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
        socket.getInputStream().skip(socket.getInputStream().available());

        // idle for longer than subsync.http.header-timeout (5 s), within the keep-alive timeout (20 s)
        assertThat(closedByServerWithin(socket, Duration.ofSeconds(7))).isFalse();
    }

    private static boolean closedByServerWithin(Socket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;   // closed with our trickled bytes unread: a reset
        }
    }
}
