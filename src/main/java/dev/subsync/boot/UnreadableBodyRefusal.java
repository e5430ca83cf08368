package dev.subsync.boot;

import dev.subsync.http.Rejection;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 415 for a body that Camel's Spring Boot HTTP binding would transform before any route runs:
 * a form-encoded or multipart body (parsed into parameters: a JSON body sent with {@code curl -d},
 * form-encoded by default, failed with a 500) or a compressed one (inflated, and a body that is not
 * really gzip failed with a 500). subsync reads JSON as it was sent; Stripe sends it so.
 */
class UnreadableBodyRefusal extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
            ServletRejection.answer(response, Rejection.UNSUPPORTED_MEDIA_TYPE,
                    "the body must be JSON (Content-Type: application/json), not a form");
            return;
        }
        String encoding = request.getHeader("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            ServletRejection.answer(response, Rejection.UNSUPPORTED_MEDIA_TYPE,
                    "the body must be sent uncompressed (no Content-Encoding)");
            return;
        }
        chain.doFilter(request, response);
    }
}
