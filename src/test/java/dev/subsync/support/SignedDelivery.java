package dev.subsync.support;

import com.stripe.net.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Posts Stripe-shaped deliveries to a running subsync over real HTTP. */
public final class SignedDelivery {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI webhook;

    public SignedDelivery(int port) {
        this.webhook = URI.create("http://localhost:" + port + "/webhooks/stripe");
    }

    /** A header exactly as Stripe's own library generates it. */
    public static String stripeHeader(String payload, String secret, long timestamp) {
        try {
            return Webhook.Signature.generateSignatureHeader(payload, secret, timestamp);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String stripeHeader(String payload, String secret) {
        return stripeHeader(payload, secret, Instant.now().getEpochSecond());
    }

    public HttpResponse<String> post(String payload, String secret) {
        return post(payload.getBytes(StandardCharsets.UTF_8), stripeHeader(payload, secret));
    }

    public HttpResponse<String> post(byte[] body, String signatureHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signatureHeader != null) {
            request.header("Stripe-Signature", signatureHeader);
        }
        return send(request.build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI uri() {
        return webhook;
    }
}
