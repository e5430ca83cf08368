package dev.subsync.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsync.state.LifecycleEvent;

/** Lifecycle events written the way scenarios expect them: {@code TYPE} or {@code TYPE/DETAIL}. */
public final class Lifecycle {

    private Lifecycle() {
    }

    public static String describe(LifecycleEvent event) {
        Object detail = event.periodType() != null ? event.periodType()
                : event.cancelReason() != null ? event.cancelReason() : event.expirationReason();
        return detail == null ? event.type().name() : event.type() + "/" + detail;
    }

    /** The same for an event read from the API, where every event carries its period type. */
    public static String describe(JsonNode event) {
        String type = event.path("type").asText();
        boolean purchase = type.equals("INITIAL_PURCHASE") || type.equals("RENEWAL");
        for (String field : purchase ? new String[] {"period_type"} : new String[] {"cancel_reason", "expiration_reason"}) {
            if (event.hasNonNull(field)) {
                return type + "/" + event.path(field).asText();
            }
        }
        return type;
    }
}
