package dev.subsync.push;

import dev.subsync.http.Failures;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the senders' consumer does with an attempt whose failure its route could not judge: one that
 * ended after the route was forced to stop (a shutdown timeout shorter than the webhook timeout, with a
 * receiver that does not answer). One WARN line instead of Camel's default, a stack trace: the delivery
 * stays claimed, is handed back at shutdown or taken again after its lease, and is sent again with the
 * same webhook-id.
 */
public class AttemptsCutByShutdown implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger("dev.subsync.push");

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        LOG.warn("webhook attempt ended after push stopped; the delivery is sent again with the same webhook-id: {}",
                Failures.oneLine(exception));
    }
}
