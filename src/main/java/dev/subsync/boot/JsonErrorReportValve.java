package dev.subsync.boot;

import dev.subsync.http.JsonReply;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's own answers (a malformed URL or request line, an illegal header) in subsync's JSON shape
 * instead of Tomcat's HTML page: {@code {"error":"bad_request","message":"..."}}, never a stack trace.
 */
final class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // the same guards as Tomcat's own report: an error status, nothing written yet, reported once
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        if (status == 501) {
            // Tomcat's answer to CONNECT: a method no endpoint has, which is the client's mistake, not ours
            status = 405;
            response.setStatus(status);
            response.setHeader("Allow", RequestLineRefusal.ALLOWED);
        }
        String body = JsonReply.errorJson(JsonErrorController.code(status), status == 400
                ? "the request is malformed (its URL, request line or headers); nothing was processed"
                : JsonErrorController.reason(status));
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the answer could not be written: nothing more to do
        }
    }
}
