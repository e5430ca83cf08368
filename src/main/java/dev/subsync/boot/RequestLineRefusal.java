package dev.subsync.boot;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, in the JSON shape, request lines that only fail deeper down: methods no endpoint has
 * (TRACE would echo the request's headers, Authorization included; CONNECT and made-up methods got a
 * 501, a 5xx for the client's own mistake) and malformed percent-encoding, which Tomcat lets through
 * in a path parameter ({@code /a;b=%xx}) and Spring's path parsing then failed on with a 500.
 */
class RequestLineRefusal extends OncePerRequestFilter {

    static final String ALLOWED = "GET, HEAD, POST, DELETE, OPTIONS";
    private static final Set<String> KNOWN = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    private static final Pattern MALFORMED_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!KNOWN.contains(request.getMethod())) {
            response.setHeader("Allow", ALLOWED);
            ServletRejection.answer(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method_not_allowed",
                    "this method is not allowed on any path; use " + ALLOWED);
            return;
        }
        if (MALFORMED_ESCAPE.matcher(request.getRequestURI()).find()) {
            ServletRejection.answer(response, HttpServletResponse.SC_BAD_REQUEST, "bad_request",
                    "the URL holds a malformed percent-encoding");
            return;
        }
        chain.doFilter(request, response);
    }
}
