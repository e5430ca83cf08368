package dev.subsync.stripe;

import dev.subsync.http.Rejection;
import dev.subsync.http.RequestRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.util.TimeUtils;

/**
 * Verifies the {@code Stripe-Signature} header over the exact request bytes.
 *
 * <p>Same scheme as stripe-java's {@code Webhook.Signature.verifyHeader} (HMAC-SHA256 keyed with the
 * whole {@code whsec_} string, over {@code "<t>.<body>"}, only {@code v1} trusted, stale timestamps
 * rejected, future ones not), but over bytes instead of a decoded String, against every configured
 * secret (secret rolls), and with a distinct reason for each failure. The test suite checks that it
 * agrees with stripe-java.
 */
public class StripeSignature {

    public static final String HEADER = "Stripe-Signature";
    private static final String HMAC = "HmacSHA256";

    private List<SecretKeySpec> keys = List.of();
    private Duration tolerance = Duration.ofMinutes(5);
    private Clock clock = Clock.systemUTC();

    /** Comma-separated {@code whsec_...} secrets; any of them may have signed an event. */
    public void setSecrets(String secrets) {
        List<SecretKeySpec> parsed = new ArrayList<>();
        for (String secret : secrets.split(",")) {
            if (!secret.isBlank()) {
                parsed.add(new SecretKeySpec(secret.trim().getBytes(StandardCharsets.UTF_8), HMAC));
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("subsync.stripe.webhook-secrets holds no secret");
        }
        this.keys = List.copyOf(parsed);
    }

    /** Maximum age of the signed timestamp, in Camel's duration syntax ({@code 300s}, {@code 5m}). */
    public void setTolerance(String tolerance) {
        this.tolerance = Duration.ofMillis(TimeUtils.toMilliSeconds(tolerance));
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    public void verify(@Body byte[] body, @Header(HEADER) String header) {
        if (body == null || body.length == 0) {
            // nothing to verify or store; a request without a length header arrives here too
            throw reject(Rejection.EMPTY_BODY, "the request body is empty");
        }
        if (header == null || header.isBlank()) {
            throw reject(Rejection.MISSING_SIGNATURE_HEADER, "the Stripe-Signature header is missing");
        }
        ParsedHeader parsed = ParsedHeader.parse(header);
        if (parsed.v1Signatures().isEmpty()) {
            throw reject(Rejection.NO_V1_SIGNATURE,
                    "the Stripe-Signature header carries no v1 signature (v0 and other schemes are never trusted)");
        }
        long now = clock.instant().getEpochSecond();
        if (parsed.timestamp() < now - tolerance.toSeconds()) {
            throw reject(Rejection.TIMESTAMP_OUTSIDE_TOLERANCE,
                    "the signed timestamp is older than the tolerance of " + tolerance.toSeconds() + " s");
        }
        byte[] signedPayload = signedPayload(parsed.timestamp(), body);
        for (SecretKeySpec key : keys) {
            byte[] expected = hmac(key, signedPayload);
            for (byte[] candidate : parsed.v1Signatures()) {
                if (MessageDigest.isEqual(expected, candidate)) {
                    return;
                }
            }
        }
        throw reject(Rejection.SIGNATURE_MISMATCH,
                "no v1 signature matches the body for any configured signing secret");
    }

    private static byte[] signedPayload(long timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] payload = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, payload, prefix.length, body.length);
        return payload;
    }

    private static byte[] hmac(SecretKeySpec key, byte[] payload) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static RequestRejectedException reject(Rejection rejection, String message) {
        return new RequestRejectedException(rejection, message);
    }

    /** {@code t=<seconds>,v1=<hex>[,v1=<hex>...]}; other schemes are skipped, as Stripe asks. */
    record ParsedHeader(long timestamp, List<byte[]> v1Signatures) {

        static ParsedHeader parse(String header) {
            Long timestamp = null;
            List<byte[]> v1 = new ArrayList<>();
            for (String item : header.split(",")) {
                int eq = item.indexOf('=');
                if (eq <= 0) {
                    throw malformed("every element must be key=value");
                }
                String key = item.substring(0, eq).trim();
                String value = item.substring(eq + 1).trim();
                if (key.equals("t")) {
                    timestamp = parseTimestamp(value);
                } else if (key.equals("v1")) {
                    v1.add(parseHex(value));
                }
            }
            if (timestamp == null) {
                throw malformed("no t= timestamp");
            }
            return new ParsedHeader(timestamp, List.copyOf(v1));
        }

        private static long parseTimestamp(String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw malformed("t= is not a number of seconds");
            }
        }

        private static byte[] parseHex(String value) {
            // a SHA-256 HMAC is 32 bytes; anything else can never match, so it is malformed
            if (value.length() != 64) {
                throw malformed("a v1 signature must be 64 hex digits");
            }
            try {
                return HexFormat.of().parseHex(value);
            } catch (IllegalArgumentException e) {
                throw malformed("a v1 signature must be 64 hex digits");
            }
        }

        private static RequestRejectedException malformed(String why) {
            return reject(Rejection.MALFORMED_SIGNATURE_HEADER, "the Stripe-Signature header is malformed: " + why);
        }
    }
}
