package dev.subsync.http;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * Reads request bodies the same way on every runtime: within their size limit, and only as sent.
 * subsync reads a body as the JSON it was sent as (Stripe signs those exact bytes). A form-encoded or
 * multipart body is parsed by the HTTP engines before any route runs (into parameters, or a map on
 * Vert.x), and a compressed one inflated, so such a body is refused with 415, the same on every
 * runtime: by this route step, and on Spring Boot also by a filter in front of Camel's binding.
 */
public class RequestBodies {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);

    private Limit webhookLimit = new Limit("subsync.webhook.max-body-size", "1MB");
    private Limit apiLimit = new Limit("subsync.api.max-body-size", "64KB");

    /** A body limit as set (for the 413's message) and in bytes, parsed once. */
    private record Limit(String property, String text, long bytes) {
        Limit(String property, String text) {
            this(property, String.valueOf(text).strip(), RequestBodies.bytes(text));
        }
    }

    public void setWebhookLimit(String webhookLimit) {
        this.webhookLimit = new Limit("subsync.webhook.max-body-size", webhookLimit);
    }

    public void setApiLimit(String apiLimit) {
        this.apiLimit = new Limit("subsync.api.max-body-size", apiLimit);
    }

    /** The webhook's body as bytes, read no further than subsync.webhook.max-body-size (413 past it). */
    public byte[] webhookBody(Exchange exchange) throws Exception {
        return readAtMost(exchange, webhookLimit);
    }

    /** An API request's body as bytes, read no further than subsync.api.max-body-size (413 past it). */
    public byte[] apiBody(Exchange exchange) throws Exception {
        return readAtMost(exchange, apiLimit);
    }

    /**
     * Reads a streamed body only up to the limit, so that an engine that streams it to the route (Vert.x
     * with useStreaming) never holds more; a body the engine already read is only measured.
     */
    private static byte[] readAtMost(Exchange exchange, Limit limit) throws Exception {
        Object body = exchange.getMessage().getBody();
        byte[] bytes;
        if (body instanceof InputStream stream) {
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = stream.read(chunk)) != -1) {
                read.write(chunk, 0, n);
                if (read.size() > limit.bytes()) {
                    throw tooLarge(limit);
                }
            }
            bytes = read.toByteArray();
        } else {
            bytes = body == null ? new byte[0] : exchange.getContext().getTypeConverter().mandatoryConvertTo(byte[].class, exchange, body);
        }
        if (bytes.length > limit.bytes()) {
            throw tooLarge(limit);
        }
        return bytes;
    }

    private static RequestRejectedException tooLarge(Limit limit) {
        return new RequestRejectedException(Rejection.PAYLOAD_TOO_LARGE, tooLargeMessage(limit.property(), limit.text()));
    }

    /** The 413's message, also for the Spring Boot filter that refuses before a route runs. */
    public static String tooLargeMessage(String limitProperty, String limitText) {
        return "the request body exceeds " + limitProperty + " (" + limitText + ")";
    }

    /** {@code 1MB}, {@code 64KB}, {@code 512B} or a number of bytes, in binary units (as Spring's DataSize). */
    public static long bytes(String size) {
        Matcher m = SIZE.matcher(size == null ? "" : size.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size such as 1MB or 64KB: " + size);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        return switch (unit) {
            case "KB" -> n * 1024;
            case "MB" -> n * 1024 * 1024;
            case "GB" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }

    /** Why a body with these headers cannot be read as sent, or null when it can. */
    public static String unreadable(String contentType, String contentEncoding) {
        String type = contentType == null ? "" : contentType.strip().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
            return "the body must be JSON (Content-Type: application/json), not a form";
        }
        if (contentEncoding != null && !contentEncoding.isBlank() && !contentEncoding.strip().equalsIgnoreCase("identity")) {
            return "the body must be sent uncompressed (no Content-Encoding)";
        }
        return null;
    }

    /** Route step before a body is read: 415 for a form, multipart or compressed body. */
    public void requireReadable(@Header("Content-Type") String contentType,
            @Header("Content-Encoding") String contentEncoding) {
        String reason = unreadable(contentType, contentEncoding);
        if (reason != null) {
            throw new RequestRejectedException(Rejection.UNSUPPORTED_MEDIA_TYPE, reason);
        }
    }
}
