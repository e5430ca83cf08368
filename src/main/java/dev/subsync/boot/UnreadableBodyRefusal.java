package dev.subsync.boot;

import dev.subsync.http.Rejection;
import dev.subsync.http.RequestBodies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 415 for a body that Camel's Spring Boot HTTP binding would transform before any route runs:
 * a form-encoded or multipart body (parsed into parameters: a JSON body sent with {@code curl -d},
 * form-encoded by default, failed with a 500) or a compressed one (inflated, and a body that is not
 * really gzip failed with a 500). subsync reads JSON as it was sent; Stripe sends it so. The rule is
 * {@link RequestBodies}', which the routes apply too, for the runtimes without this filter.
 */
class UnreadableBodyRefusal extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String reason = RequestBodies.unreadable(request.getContentType(), request.getHeader("Content-Encoding"));
        if (reason != null) {
            ServletRejection.answer(response, Rejection.UNSUPPORTED_MEDIA_TYPE, reason);
            return;
        }
        chain.doFilter(request, response);
    }
}
