package dev.subsync.boot;

import dev.subsync.http.Rejection;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 {@code starting} until the application is ready. The servlet container listens before
 * Camel has started the routes, and a request in between got a 404: Stripe would take the endpoint
 * for missing, an app the subscriber for unknown. A 503 says "retry", which both do.
 */
class StartupGate extends OncePerRequestFilter implements ApplicationListener<ApplicationReadyEvent> {

    private volatile boolean ready;

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        ready = true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!ready) {
            response.setHeader("Retry-After", "1");
            ServletRejection.answer(response, Rejection.STARTING, "subsync is starting; retry in a moment");
            return;
        }
        chain.doFilter(request, response);
    }
}
