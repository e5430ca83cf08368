package dev.subsync.push;

import dev.subsync.settings.InvalidSettingException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Signs a push request as the Standard Webhooks specification says (https://www.standardwebhooks.com):
 * {@code webhook-id}, {@code webhook-timestamp} (Unix seconds of this attempt) and
 * {@code webhook-signature}: {@code v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">}, keyed with
 * the base64-decoded part of each {@code whsec_} secret after the prefix, one entry per secret,
 * space-separated, so a receiver can roll its secret.
 */
public class StandardWebhooksSigner {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    private static final String PREFIX = "whsec_";
    /** The specification asks for secrets of 24 to 64 random bytes. */
    private static final int MIN_KEY_BYTES = 24;

    private final List<byte[]> keys = new ArrayList<>();

    /** {@code subsync.webhooks.secret}: one or more {@code whsec_<base64>} secrets, comma-separated. */
    public void setSecrets(String secrets) {
        keys.clear();
        for (String secret : secrets == null ? new String[0] : secrets.split(",")) {
            if (!secret.isBlank()) {
                keys.add(key(secret.strip()));
            }
        }
    }

    public boolean hasSecrets() {
        return !keys.isEmpty();
    }

    /** Sets the three headers on the message for its body, the delivery's id and the time now. */
    public void sign(Exchange exchange) {
        Message message = exchange.getMessage();
        String id = exchange.getVariable("webhookId", String.class);
        long timestamp = System.currentTimeMillis() / 1000;
        String body = message.getBody(String.class);
        message.setHeader(ID, id);
        message.setHeader(TIMESTAMP, Long.toString(timestamp));
        message.setHeader(SIGNATURE, signature(id, timestamp, body));
    }

    /** The {@code webhook-signature} value for one request. */
    public String signature(String id, long timestamp, String body) {
        byte[] content = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        List<String> signatures = new ArrayList<>();
        for (byte[] key : keys) {
            signatures.add("v1," + Base64.getEncoder().encodeToString(hmac(key, content)));
        }
        return String.join(" ", signatures);
    }

    private static byte[] key(String secret) {
        byte[] key;
        try {
            key = secret.startsWith(PREFIX) ? Base64.getDecoder().decode(secret.substring(PREFIX.length())) : null;
        } catch (IllegalArgumentException e) {
            key = null;
        }
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new InvalidSettingException("subsync.webhooks.secret must be whsec_ followed by the base64 of at least "
                    + MIN_KEY_BYTES + " random bytes (openssl rand -base64 32), one per secret, comma-separated");
        }
        return key;
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
