package dev.subsync;

import static dev.subsync.support.StripeFixtures.subscriptionEvent;
import static dev.subsync.support.StripeFixtures.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.subsync.support.SignedDelivery;
import dev.subsync.support.SubsyncTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.support.ServletRequestHandledEvent;

class WebhookHttpContractTest extends SubsyncTest {

    private static final int TWO_MB = 2 * 1024 * 1024;

    @Autowired
    private ConfigurableApplicationContext spring;

    @Test
    void aTwoMegabyteBodyIsRefusedWith413() {
        byte[] body = new byte[TWO_MB];
        Arrays.fill(body, (byte) ' ');

        HttpResponse<String> response = stripe().post(body, "t=1,v1=" + "0".repeat(64));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"error\":\"payload_too_large\"").contains("1MB");
    }

    @Test
    void aBodyOverTheHttpServersOwnLimitGetsTheSameJson413() {
        assumeTrue(!onCamelQuarkus(), "Quarkus closes the connection on a body over quarkus.http.limits.max-body-size "
                + "(an HTTP/2 GOAWAY) instead of answering (README: runtimes)");
        // over the engine's limit on the Vert.x runtimes (2 MB there), whose router answers before any route
        byte[] body = new byte[3 * 1024 * 1024];
        Arrays.fill(body, (byte) ' ');

        HttpResponse<String> response = stripe().post(body, "t=1,v1=" + "0".repeat(64));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).contains("\"error\":\"payload_too_large\"");
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWith413() {
        byte[] body = new byte[TWO_MB];
        Arrays.fill(body, (byte) ' ');
        // an InputStream publisher has no known length, so the client sends it chunked
        HttpRequest request = HttpRequest.newBuilder(stripe().uri())
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", "t=1,v1=" + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = SignedDelivery.send(request);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"error\":\"payload_too_large\"");
    }

    @Test
    void aChunkedBodyUnderTheLimitIsVerifiedAndStored() {
        String id = uniqueEventId();
        String payload = subscriptionEvent(id, "customer.subscription.updated", "sub_chunked");
        HttpRequest request = HttpRequest.newBuilder(stripe().uri())
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", SignedDelivery.stripeHeader(payload, SECRET))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(payload.getBytes())))
                .build();

        assertThat(SignedDelivery.send(request).statusCode()).isEqualTo(200);
        assertThat(inboxRows(id)).isEqualTo(1);
    }

    @Test
    void answersCarryTheirLengthInsteadOfBeingChunked() {
        String id = uniqueEventId();
        HttpResponse<String> accepted = stripe().post(subscriptionEvent(id, "customer.subscription.updated", "sub_sized"), SECRET);
        HttpResponse<String> refused = stripe().post("{}".getBytes(), "t=1,v1=" + "0".repeat(64));

        for (HttpResponse<String> response : List.of(accepted, refused)) {
            assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
            assertThat(response.headers().firstValueAsLong("Content-Length"))
                    .hasValue(response.body().getBytes(StandardCharsets.UTF_8).length);
        }
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(refused.statusCode()).isEqualTo(400);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aWebhookIsProcessedOnTheRequestThreadAndDispatchedOnce(CapturedOutput output) {
        assumeTrue(onSpringBoot(), "Spring MVC's dispatch: Spring Boot only");
        String id = uniqueEventId();
        List<ServletRequestHandledEvent> dispatches = new CopyOnWriteArrayList<>();
        ApplicationListener<ApplicationEvent> dispatchListener = event -> {
            if (event instanceof ServletRequestHandledEvent dispatch && dispatch.getRequestUrl().equals("/webhooks/stripe")) {
                dispatches.add(dispatch);
            }
        };
        spring.addApplicationListener(dispatchListener);
        try {
            assertThat(stripe().post(subscriptionEvent(id, "customer.subscription.updated", "sub_thread"), SECRET)
                    .statusCode()).isEqualTo(200);
            // Spring MVC reports each pass through its DispatcherServlet, once the pass is over: an
            // asynchronous request makes two, both before the container completes the answer
            await().atMost(Duration.ofSeconds(5)).until(() -> !dispatches.isEmpty());
        } finally {
            spring.removeApplicationListener(dispatchListener);
        }

        assertThat(dispatches).singleElement().extracting(ServletRequestHandledEvent::getStatusCode).isEqualTo(200);
        // the route's log line names its thread: Tomcat's are "http-nio-...-exec-<n>", the task executor's "task-<n>"
        assertThat(output.getOut().lines().filter(line -> line.contains("delivery id=" + id)))
                .singleElement().asString().contains("-exec-");
    }

    @Test
    void otherMethodsGet405WithAJsonBody() {
        assumeTrue(onSpringBoot(), "Camel's Vert.x consumer answers a method it does not take itself, with no body (README: runtimes)");
        HttpResponse<String> response = SignedDelivery.send(HttpRequest.newBuilder(stripe().uri()).GET().build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.body()).contains("\"error\":\"method_not_allowed\"");
    }
}
