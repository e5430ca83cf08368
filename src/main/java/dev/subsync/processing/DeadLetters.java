package dev.subsync.processing;

import dev.subsync.http.Failures;
import dev.subsync.http.Rejection;
import org.apache.camel.Exchange;

/** Describes why an event reached the dead-letter channel, as variables the dead-letter route stores. */
public class DeadLetters {

    public void describe(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason;
        String message;
        if (failure instanceof UnprocessableEventException unprocessable) {
            reason = unprocessable.reason();
            message = unprocessable.getMessage();
        } else {
            Rejection rejection = Failures.classify(failure);
            reason = rejection == Rejection.STORAGE_UNAVAILABLE ? "storage_unavailable" : "processing_failed";
            message = failure == null ? "unknown failure"
                    : failure.getClass().getSimpleName() + ": " + String.valueOf(failure.getMessage());
        }
        Integer redeliveries = exchange.getVariable(EventRedeliveries.VARIABLE, Integer.class);
        exchange.setVariable("deadLetterReason", reason);
        exchange.setVariable("deadLetterMessage", message.length() > 2000 ? message.substring(0, 2000) : message);
        exchange.setVariable("deadLetterAttempts", redeliveries == null ? 1 : redeliveries + 1);
        exchange.setVariable("deadLetterRoute", exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class));
    }
}
