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
 * Answers 415 for a form-encoded or multipart body. subsync reads JSON only, and Camel's Spring Boot
 * HTTP binding parses such bodies into parameters before any route runs: a JSON body sent with
 * {@code curl -d} (form-encoded by default) failed there with a 500 and an HTML page.
 */
class FormBodyRefusal extends OncePerRequestFilter {

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
        chain.doFilter(request, response);
    }
}
