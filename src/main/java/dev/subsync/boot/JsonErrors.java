package dev.subsync.boot;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.web.context.request.WebRequest;

/**
 * Errors that Spring MVC answers before a route runs (405, 404, ...) get the same JSON shape as the
 * routes' own errors: {@code {"error":"method_not_allowed","message":"..."}}; never a stack trace.
 */
class JsonErrors extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> spring = super.getErrorAttributes(request, ErrorAttributeOptions.defaults());
        int status = ((Number) spring.getOrDefault("status", 500)).intValue();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code(status));
        body.put("message", reason(status) + " for " + spring.getOrDefault("path", "this path"));
        return body;
    }

    /** {@code method_not_allowed} for 405: the reason phrase as an error code. */
    static String code(int status) {
        return reason(status).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }
}
