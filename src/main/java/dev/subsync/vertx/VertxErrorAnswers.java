package dev.subsync.vertx;

import dev.subsync.http.JsonReply;
import dev.subsync.http.Rejection;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The Vert.x router's own error answers (404, 405, 413, ...) in subsync's JSON shape. */
public final class VertxErrorAnswers {

    private VertxErrorAnswers() {
    }

    /** On every Vert.x router of the Camel context (the main server's; camel-main binds it by type). */
    public static void install(CamelContext camel) {
        for (Router router : camel.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            for (int status : new int[] {400, 404, 405, 413, 414, 431}) {
                router.errorHandler(status, context -> answer(context, status));
            }
            // a path no route takes: Camel's router is mounted under the server's own router, which would
            // answer the 404 itself (HTML), so the last route of Camel's router answers it
            router.route().last().handler(context -> answer(context, 404));
        }
    }

    private static void answer(RoutingContext context, int status) {
        if (context.response().ended() || context.response().headWritten()) {
            return;
        }
        String body = status == 413
                // the engine's own limit (camel.server.maxBodySize, quarkus.http.limits.max-body-size), set above
                // the routes' limits, which answer with the setting's name and value
                ? JsonReply.rejectionJson(Rejection.PAYLOAD_TOO_LARGE, "the request body exceeds the HTTP server's limit")
                : JsonReply.errorJson(JsonReply.errorCode(HttpResponseStatus.valueOf(status).reasonPhrase()),
                        HttpResponseStatus.valueOf(status).reasonPhrase() + " for " + context.normalizedPath());
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }
}
