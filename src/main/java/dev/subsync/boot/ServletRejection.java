package dev.subsync.boot;

import dev.subsync.http.JsonReply;
import dev.subsync.http.Rejection;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A rejection answered by a servlet filter, before the routes, in the routes' JSON shape. */
final class ServletRejection {

    private ServletRejection() {
    }

    static void answer(HttpServletResponse response, Rejection rejection, String message) throws IOException {
        answer(response, rejection.httpStatus(), rejection.code(), message);
    }

    /** The same shape for a status no route answers with (404, 405 before any route). */
    static void answer(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JsonReply.errorJson(code, message));
    }
}
