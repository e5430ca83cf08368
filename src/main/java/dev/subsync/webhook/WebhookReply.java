package dev.subsync.webhook;

import dev.subsync.http.Rejection;
import dev.subsync.http.JsonReply;
import dev.subsync.metrics.MetersOnFirstUse;

import dev.subsync.stripe.StripeEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers Stripe for one delivery and accounts for it: HTTP status and JSON body, one log line
 * (event id, type, outcome; never the payload or a header value) and the
 * {@code subsync.webhook.deliveries} counter by outcome and reason.
 */
public class WebhookReply {

    /** The variable the webhook route keeps the {@link StripeEvent} in once it has been read. */
    public static final String EVENT_VARIABLE = "event";

    private static final Logger LOG = LoggerFactory.getLogger("dev.subsync.webhook.deliveries");
    private static final String NONE = "none";

    /** What to answer for an event type outside the whitelist. */
    public enum UnhandledEventTypes {
        /** 200 and drop: Stripe counts the delivery as successful and keeps the endpoint enabled. */
        IGNORE,
        /** 400 {@code event_type_not_allowed}, as the commercial service subsync replaces does. */
        REJECT
    }

    /** The runtime's registry, looked up on the first answer rather than on each. */
    private volatile MeterRegistry meterRegistry;
    private UnhandledEventTypes unhandledEventTypes = UnhandledEventTypes.IGNORE;

    /** {@code ignore} or {@code reject} ({@code subsync.stripe.unhandled-event-types}). */
    public void setUnhandledEventTypes(String mode) {
        try {
            this.unhandledEventTypes = UnhandledEventTypes.valueOf(mode.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "subsync.stripe.unhandled-event-types must be ignore or reject, not '" + mode + "'");
        }
    }

    public void accepted(Exchange exchange) {
        answerEvent(exchange, "accepted");
    }

    public void duplicate(Exchange exchange) {
        answerEvent(exchange, "duplicate");
    }

    /** An event type outside the whitelist: ignored or refused, as configured; nothing is stored. */
    public void unhandled(Exchange exchange) {
        StripeEvent event = event(exchange);
        if (unhandledEventTypes == UnhandledEventTypes.REJECT) {
            JsonReply.reject(exchange, Rejection.EVENT_TYPE_NOT_ALLOWED,
                    "event type " + event.type() + " is not in subsync.stripe.event-types");
            account(exchange, event, "rejected", Rejection.EVENT_TYPE_NOT_ALLOWED.code());
            return;
        }
        Map<String, Object> body = body("status", "ignored");
        body.put("id", event.id());
        body.put("reason", "event type not handled");
        answer(exchange, 200, body);
        account(exchange, event, "ignored", NONE);
    }

    /** Answers the exception that stopped the delivery; storage failures become 503 so Stripe retries. */
    public void rejected(Exchange exchange) {
        Rejection rejection = JsonReply.rejectFailure(exchange, LOG);
        account(exchange, exchange.getVariable(EVENT_VARIABLE, StripeEvent.class), "rejected", rejection.code());
    }

    private void answerEvent(Exchange exchange, String outcome) {
        StripeEvent event = event(exchange);
        Map<String, Object> body = body("status", outcome);
        body.put("id", event.id());
        answer(exchange, 200, body);
        account(exchange, event, outcome, NONE);
    }

    private static void answer(Exchange exchange, int status, Map<String, Object> body) {
        JsonReply.answer(exchange, status, body);
    }

    private void account(Exchange exchange, StripeEvent event, String outcome, String reason) {
        if (meterRegistry == null) {
            meterRegistry = MetersOnFirstUse.registryOf(exchange.getContext());
        }
        Counter.builder("subsync.webhook.deliveries")
                .description("Stripe webhook deliveries by outcome and rejection reason")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(meterRegistry)
                .increment();
        if (event == null) {
            LOG.info("delivery outcome={} reason={}", outcome, reason);
        } else {
            LOG.info("delivery id={} type={} outcome={} reason={}", event.id(), event.type(), outcome, reason);
        }
    }

    private static StripeEvent event(Exchange exchange) {
        return exchange.getVariable(EVENT_VARIABLE, StripeEvent.class);
    }

    private static Map<String, Object> body(String key, Object value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, value);
        return body;
    }

}
