package dev.subsync.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsync.http.JsonReply;
import dev.subsync.http.Rejection;
import dev.subsync.http.RequestRejectedException;
import dev.subsync.push.AppWebhooks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers for the {@code /v1} API. Read endpoints answer JSON built by PostgreSQL as it is. */
public class ApiReply {

    private static final Logger LOG = LoggerFactory.getLogger(ApiReply.class);

    private AppWebhooks appWebhooks;

    public void setAppWebhooks(AppWebhooks appWebhooks) {
        this.appWebhooks = appWebhooks;
    }

    /**
     * 200 with the JSON text PostgreSQL built, or 404 when the query found nothing. The text is
     * rewritten compactly, keys in the order the query gives them, so that every answer has one style.
     */
    public void jsonOrNotFound(Exchange exchange) throws JsonProcessingException {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            JsonReply.reject(exchange, Rejection.NOT_FOUND, "no such " + exchange.getVariable("resource", "resource", String.class));
        } else {
            JsonReply.answer(exchange, 200, JsonReply.compact(String.valueOf(body)));
        }
    }

    /**
     * 201 for a new receipt, 200 for one already stored: the subscriber (the JSON of
     * {@code read-subscriber.sql}), with whether the receipt was new and how many parked events it released.
     */
    public void receipt(Exchange exchange) throws JsonProcessingException {
        boolean created = Integer.valueOf(1).equals(exchange.getVariable("receiptsStored", Integer.class));
        ObjectNode body = JsonReply.readObject(exchange.getMessage().getBody(String.class));
        body.put("created", created);
        body.put("released_events", exchange.getVariable("releasedEvents", Integer.class));
        JsonReply.answer(exchange, created ? 201 : 200, body);
    }

    /** 200 with the body a bean returned. */
    public void ok(Exchange exchange) {
        JsonReply.answer(exchange, 200, exchange.getMessage().getBody());
    }

    /** How many dead-lettered deliveries are pending again; 404 for one that is not dead-lettered. */
    public void webhookDeliveriesRedriven(Exchange exchange) {
        int redriven = exchange.getMessage().getHeader("CamelSqlUpdateCount", 0, Integer.class);
        if (redriven == 0 && exchange.getVariable("deliveryId") != null) {
            JsonReply.reject(exchange, Rejection.NOT_FOUND, "no such dead-lettered webhook delivery");
            return;
        }
        JsonReply.answer(exchange, 200, Map.of("redriven", redriven));
    }

    /** Push must be configured for its admin calls that send. */
    public void requirePush() {
        if (appWebhooks == null || !appWebhooks.enabled()) {
            throw new RequestRejectedException(Rejection.WEBHOOKS_NOT_CONFIGURED,
                    "push is off: set subsync.webhooks.url and subsync.webhooks.secret");
        }
    }

    /** 202: the TEST delivery is queued; GET /v1/admin/webhook-deliveries shows how it went. */
    public void testQueued(Exchange exchange) throws JsonProcessingException {
        JsonReply.answer(exchange, 202, JsonReply.readObject(exchange.getMessage().getBody(String.class)));
    }

    public void fetchTokenAlreadyBound(Exchange exchange) {
        JsonReply.reject(exchange, Rejection.FETCH_TOKEN_ALREADY_BOUND,
                "this fetch_token is already registered for another app_user_id");
    }

    /** The outcome of a redrive: 200 when the event left the dead-letter list, 409 when it failed again. */
    public void redrive(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> after = exchange.getVariable("redrive", Map.class);
        if (after == null) {
            JsonReply.reject(exchange, Rejection.NOT_FOUND, "no such dead letter");
        } else if ("dead_lettered".equals(after.get("status"))) {
            JsonReply.reject(exchange, Rejection.REDRIVE_FAILED,
                    "the event failed again (" + after.get("reason") + "); it stays in the dead-letter list");
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "redriven");
            body.put("event_id", after.get("event_id"));
            body.put("outcome", after.get("status"));
            JsonReply.answer(exchange, 200, body);
        }
    }

    /** 200 once the dead letter is gone and its event marked discarded; 404 when there was none. */
    public void discarded(Exchange exchange) {
        Object eventId = exchange.getMessage().getBody();
        if (eventId == null) {
            JsonReply.reject(exchange, Rejection.NOT_FOUND, "no such dead letter");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "discarded");
        body.put("event_id", String.valueOf(eventId));
        JsonReply.answer(exchange, 200, body);
    }

    /** How a redrive of one reason went: how many were tried, and each outcome of those that left. */
    public void redrivenByReason(Exchange exchange) {
        int redriven = exchange.getVariable("redriven", Integer.class);
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        for (Object row : exchange.getMessage().getBody(List.class)) {
            Object status = row instanceof Map<?, ?> map ? map.get("status") : row;
            outcomes.merge(String.valueOf(status), 1, Integer::sum);
        }
        int left = outcomes.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", exchange.getVariable("reason", String.class));
        body.put("redriven", redriven);
        body.put("outcomes", outcomes);
        body.put("still_dead_lettered", Math.max(0, redriven - left));
        JsonReply.answer(exchange, 200, body);
    }

    public void rejected(Exchange exchange) {
        JsonReply.rejectFailure(exchange, LOG);
    }
}
