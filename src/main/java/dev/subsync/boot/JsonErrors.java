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
        HttpStatus status = HttpStatus.resolve(((Number) spring.getOrDefault("status", 500)).intValue());
        String reason = status == null ? "Error" : status.getReasonPhrase();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"));
        body.put("message", reason + " for " + spring.getOrDefault("path", "this path"));
        return body;
    }
}
