package dev.subsync.boot;

import dev.subsync.http.JsonReply;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Errors that Spring MVC answers before a route runs (404, 405, ...) in the routes' JSON shape,
 * {@code {"error":"method_not_allowed","message":"..."}}, whatever the client's Accept header says
 * (Spring's own controller answered an empty body when it could not produce what Accept asked for);
 * a request for the error path itself is a 404, not a 500.
 */
@org.springframework.stereotype.Controller
class JsonErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer error ? error : HttpStatus.NOT_FOUND.value();
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ServletRejection.answer(response, status, code(status),
                reason(status) + " for " + (path == null ? "this path" : path));
    }

    /** {@code method_not_allowed} for 405: the reason phrase as an error code. */
    static String code(int status) {
        return JsonReply.errorCode(reason(status));
    }

    static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }
}
