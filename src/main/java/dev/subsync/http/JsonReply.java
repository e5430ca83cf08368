package dev.subsync.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Writes an HTTP answer on an exchange: status, JSON body, and no echoed request headers. */
public final class JsonReply {

    private static final ObjectMapper JSON = Json.MAPPER;

    private JsonReply() {
    }

    public static void answer(Exchange exchange, int status, Object body) {
        Message out = exchange.getMessage();
        // request headers (Stripe-Signature, Authorization) must never be echoed as response headers
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        // the body is built in full before it is sent: with Content-Length it goes out in one write,
        // where the chunked default took a second socket write per answer for the closing chunk
        out.setHeader(Exchange.HTTP_CHUNKED, false);
        out.setBody(body instanceof String text ? text : toJson(body));
    }

    /**
     * Answers the exception that stopped a route: its code and status, a message without internals,
     * and the stack trace in the log only when the failure was unexpected.
     */
    public static Rejection rejectFailure(Exchange exchange, org.slf4j.Logger log) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Rejection rejection = Failures.classify(failure);
        if (rejection == Rejection.INTERNAL_ERROR) {
            log.error("request failed unexpectedly", failure);
        }
        reject(exchange, rejection, Failures.publicMessage(rejection, failure));
        return rejection;
    }

    public static void reject(Exchange exchange, Rejection rejection, String message) {
        answer(exchange, rejection.httpStatus(), rejectionJson(rejection, message));
    }

    /** {@code {"error":"<code>","message":"..."}}; also written by the HTTP layer (413, 405). */
    public static String rejectionJson(Rejection rejection, String message) {
        return errorJson(rejection.code(), message);
    }

    /** An HTTP engine's reason phrase as an error code: {@code Method Not Allowed} -> {@code method_not_allowed}. */
    public static String errorCode(String reasonPhrase) {
        return reasonPhrase.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    /** The one error shape, also for answers the HTTP layer gives before any route (Tomcat's 400s). */
    public static String errorJson(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return toJson(body);
    }

    /** JSON text in the one style of every answer: compact, keys in their given order. */
    public static String compact(String json) throws JsonProcessingException {
        // token by token rather than through a tree: numbers and strings are written as readTree and
        // writeValueAsString write them, without building the document (a push body is 3-7 KB)
        StringWriter compact = new StringWriter(json.length());
        try (JsonParser parser = JSON.getFactory().createParser(json);
                JsonGenerator generator = JSON.getFactory().createGenerator(compact)) {
            if (parser.nextToken() == null) {
                throw new JsonParseException(parser, "no JSON document");
            }
            generator.copyCurrentStructure(parser);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "more than one JSON document");
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string failed", e);
        }
        return compact.toString();
    }

    /** A JSON object built by PostgreSQL, to add fields to before answering it. */
    public static ObjectNode readObject(String json) throws JsonProcessingException {
        return (ObjectNode) JSON.readTree(json);
    }

    public static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serialisable as JSON: " + body.getClass(), e);
        }
    }
}
