package dev.subsync.http;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a request's query string itself, from the raw {@code CamelHttpQuery}, instead of the message
 * headers: the HTTP components copy query parameters into headers, so {@code ?Authorization=...}
 * would otherwise pass for the Authorization header, and {@code ?after=} and an {@code after:} header
 * would be indistinguishable. Each endpoint names the parameters it takes; any other is refused.
 */
public class QueryParameters {

    /**
     * The query's parameters, when every one is among {@code allowed} (names separated by spaces)
     * and given once.
     */
    public Map<String, String> only(String rawQuery, String allowed) {
        Set<String> names = Arrays.stream(allowed == null ? new String[0] : allowed.trim().split("\\s+"))
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            if (!names.contains(name)) {
                throw new RequestRejectedException(Rejection.INVALID_PARAMETER, names.isEmpty()
                        ? "this endpoint takes no query parameters"
                        : "unknown query parameter; this endpoint takes: " + String.join(", ", names.stream().sorted().toList()));
            }
            if (parameters.putIfAbsent(name, value) != null) {
                throw new RequestRejectedException(Rejection.INVALID_PARAMETER, name + " is given more than once");
            }
        }
        return parameters;
    }

    /**
     * Percent-decodes UTF-8 text; in a query {@code +} is a space, in a path it is itself. Malformed
     * escapes and bytes that are not UTF-8 are refused rather than guessed at.
     */
    public static String decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw malformed();
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw malformed();
                }
                bytes.write(high * 16 + low);
                i += 3;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
                i++;
            } else {
                int end = i + 1;
                while (end < raw.length() && raw.charAt(end) != '%' && !(plusIsSpace && raw.charAt(end) == '+')) {
                    end++;
                }
                bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed();
        }
    }

    private static RequestRejectedException malformed() {
        return new RequestRejectedException(Rejection.INVALID_PARAMETER,
                "the URL holds a malformed percent-encoding or bytes that are not UTF-8");
    }
}
