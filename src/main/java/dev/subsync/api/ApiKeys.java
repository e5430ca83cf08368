package dev.subsync.api;

import dev.subsync.http.Rejection;
import dev.subsync.http.RequestRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.Header;

/**
 * Bearer API keys for {@code /v1}: app keys ({@code subsync.api.keys}) read and register receipts;
 * admin keys ({@code subsync.admin.api-keys}) may also use {@code /v1/admin/**}. Keys are compared as
 * SHA-256 digests with {@link MessageDigest#isEqual}, against every configured key, so the time taken
 * says nothing about how much of a key matched or which key it was.
 */
public class ApiKeys {

    private List<byte[]> appKeys = List.of();
    private List<byte[]> adminKeys = List.of();

    public void setKeys(String keys) {
        this.appKeys = digests(keys, "subsync.api.keys");
    }

    public void setAdminKeys(String keys) {
        this.adminKeys = digests(keys, "subsync.admin.api-keys");
    }

    public void requireApp(@Header("Authorization") String authorization) {
        byte[] presented = presented(authorization);
        boolean app = matchesAny(presented, appKeys);
        boolean admin = matchesAny(presented, adminKeys);
        if (!(app | admin)) {
            throw unauthorized();
        }
    }

    public void requireAdmin(@Header("Authorization") String authorization) {
        byte[] presented = presented(authorization);
        boolean admin = matchesAny(presented, adminKeys);
        boolean app = matchesAny(presented, appKeys);
        if (!admin) {
            throw app
                    ? new RequestRejectedException(Rejection.FORBIDDEN, "this endpoint needs an admin API key")
                    : unauthorized();
        }
    }

    private static byte[] presented(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized();
        }
        return digest(authorization.substring(7).trim());
    }

    private static boolean matchesAny(byte[] presented, List<byte[]> keys) {
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(presented, key);
        }
        return match;
    }

    private static RequestRejectedException unauthorized() {
        return new RequestRejectedException(Rejection.UNAUTHORIZED,
                "send Authorization: Bearer <key> with a key from subsync.api.keys");
    }

    private static List<byte[]> digests(String keys, String property) {
        List<byte[]> digests = Arrays.stream(keys.split(","))
                .map(String::trim)
                .filter(key -> !key.isEmpty())
                .map(ApiKeys::digest)
                .toList();
        if (digests.isEmpty()) {
            throw new IllegalArgumentException(property + " holds no key");
        }
        return digests;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
