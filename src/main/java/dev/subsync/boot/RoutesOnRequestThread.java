package dev.subsync.boot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.springframework.core.Ordered;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerAdapter;
import org.springframework.web.servlet.ModelAndView;

/**
 * Runs a platform-http route on the servlet container's request thread and answers from there.
 *
 * <p>Camel's Spring Boot engine hands every request to a task executor and returns a
 * {@code CompletableFuture}, which Spring MVC turns into an asynchronous request: the container
 * suspends the request, and once the route is done dispatches it a second time through the filters
 * and the {@code DispatcherServlet} only to learn that the answer is already written. Profiled
 * (bench/README.md, run AG), that second pass was about a tenth of the service's CPU, as much as
 * writing the answer; without it a delivery costs about 0.1 ms of CPU less (runs AQ-AV). subsync's
 * routes block anyway (a webhook is answered after its commit), so the engine gets an executor that
 * runs the route in the calling thread ({@link #EXECUTOR}), and this adapter, ahead of Spring's,
 * takes the finished future instead of starting async processing.
 */
final class RoutesOnRequestThread implements HandlerAdapter, Ordered {

    /** The engine's executor: the route runs in the thread that calls it, the request thread. */
    static final Executor EXECUTOR = Runnable::run;

    @Override
    public boolean supports(Object handler) {
        return handler instanceof HandlerMethod method && method.getBean() instanceof SpringBootPlatformHttpConsumer;
    }

    @Override
    public ModelAndView handle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        SpringBootPlatformHttpConsumer consumer = (SpringBootPlatformHttpConsumer) ((HandlerMethod) handler).getBean();
        try {
            // Completed on return with EXECUTOR: the consumer has written the answer (or a 500) itself.
            consumer.service(request, response).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
        return null;
    }

    @Override
    @SuppressWarnings("deprecation") // still in the interface; -1 as Spring's own adapter answers
    public long getLastModified(HttpServletRequest request, Object handler) {
        return -1;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
