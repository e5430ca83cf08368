package dev.subsync.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.subsync.http.Failures;
import dev.subsync.http.JsonReply;
import dev.subsync.json.Json;
import dev.subsync.processing.ClaimOwner;
import dev.subsync.settings.InvalidSettingException;
import dev.subsync.webhook.IntakeFirst;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push of lifecycle events to the app's endpoint: its settings ({@code subsync.webhooks.*}), the
 * Camel HTTP endpoint they make, and what one attempt's outcome means: delivered on a 2xx, otherwise
 * retried after a delay that doubles (with jitter) up to an hour, and dead-lettered once
 * {@code retry-for} has passed since the first attempt.
 */
public class AppWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger("dev.subsync.push");
    private static final long MAX_RETRY_DELAY_MILLIS = 3_600_000;
    /** The bean name of the {@link AppWebhookHttpClient} configurer in routes/beans.camel.yaml. */
    static final String HTTP_CLIENT_CONFIGURER = "appWebhookHttpClient";
    /** Deliveries one instance claims ahead of its senders, per sender. */
    private static final int CLAIMED_AHEAD_PER_SENDER = 8;

    private String url = "";
    private String authorization = "";
    private String eventTypes = "";
    private long timeoutMillis = 10_000;
    private int concurrency = 16;
    private long retryInitialMillis = 5_000;
    private long retryForMillis = 3 * 86_400_000L;
    private StandardWebhooksSigner signer;
    private ClaimOwner claimOwner;
    private IntakeFirst intakeFirst;
    /** Deliveries this instance claimed whose outcome is not yet recorded. */
    private final AtomicInteger inFlight = new AtomicInteger();

    public void setUrl(String url) {
        this.url = url == null ? "" : url.strip();
        if (!this.url.isEmpty()) {
            URI uri = URI.create(this.url);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidSettingException("subsync.webhooks.url must be an http(s) URL, such as https://app.example.com/hooks/subsync");
            }
        }
    }

    public void setAuthorization(String authorization) {
        this.authorization = authorization == null ? "" : authorization.strip();
    }

    public void setEventTypes(String eventTypes) {
        this.eventTypes = eventTypes == null ? "" : Arrays.stream(eventTypes.split(","))
                .map(String::strip).filter(type -> !type.isEmpty()).collect(Collectors.joining(","));
    }

    public void setTimeout(String timeout) {
        this.timeoutMillis = TimeUtils.toMilliSeconds(timeout);
    }

    public void setConcurrency(int concurrency) {
        if (concurrency < 1) {
            throw new InvalidSettingException("subsync.webhooks.concurrency must be at least 1");
        }
        this.concurrency = concurrency;
    }

    public void setRetryInitialInterval(String interval) {
        this.retryInitialMillis = TimeUtils.toMilliSeconds(interval);
    }

    public void setRetryFor(String retryFor) {
        this.retryForMillis = TimeUtils.toMilliSeconds(retryFor);
    }

    public void setSigner(StandardWebhooksSigner signer) {
        this.signer = signer;
    }

    public void setClaimOwner(ClaimOwner claimOwner) {
        this.claimOwner = claimOwner;
    }

    public void setIntakeFirst(IntakeFirst intakeFirst) {
        this.intakeFirst = intakeFirst;
    }

    /** An endpoint needs a secret to sign with: the start is refused without one. */
    public void check() {
        if (enabled() && (signer == null || !signer.hasSecrets())) {
            throw new InvalidSettingException("subsync.webhooks.secret is required when subsync.webhooks.url is set");
        }
    }

    /** The settings in one line for the start-up log (app-webhook-start), without the secrets or a url's query. */
    public String settingsSummary() {
        return enabled() ? describeSettings().toString() : "off (subsync.webhooks.url is not set)";
    }

    /** Push is on when an endpoint is configured. */
    public boolean enabled() {
        return !url.isEmpty();
    }

    /** The event types pushed, comma-separated; empty: all. */
    public String eventTypes() {
        return eventTypes;
    }

    public int maxInFlight() {
        return concurrency * CLAIMED_AHEAD_PER_SENDER;
    }

    /**
     * How many more deliveries this instance may claim now: {@link #maxInFlight()} less those claimed
     * and not yet recorded (queued for a sender, being sent, or waiting for the record statement, so
     * that claims cannot run ahead of a slow record). Counted here rather than in PostgreSQL, so that
     * a claim changes no indexed column and is an in-place (HOT) update. None while the intake is
     * behind: it goes first ({@link IntakeFirst}).
     */
    public int claimable() {
        return intakeFirst() ? 0 : Math.max(0, maxInFlight() - inFlight.get());
    }

    /**
     * True while the intake is behind (Stripe's webhooks answered slowly, or settled events waiting to
     * be applied; {@link IntakeFirst}): push queues and claims nothing meanwhile.
     */
    public boolean intakeFirst() {
        return intakeFirst != null && intakeFirst.behind();
    }

    /** The deliveries a claim returned are in flight. */
    public void claimed(List<?> deliveries) {
        inFlight.addAndGet(deliveries.size());
    }

    /**
     * The deliveries whose outcomes go to the record statement are no longer in flight here: recorded,
     * or, if the statement fails, left claimed until their lease ends and then claimed again.
     */
    public void released(List<?> outcomes) {
        inFlight.addAndGet(-outcomes.size());
    }

    /** An attempt that failed before its outcome is no longer in flight here; it is claimed again after its lease. */
    public void abandoned() {
        inFlight.decrementAndGet();
    }

    /** Covers the attempts queued ahead of a claim and its own, so a live instance keeps what it claimed. */
    public long leaseMillis() {
        return (CLAIMED_AHEAD_PER_SENDER + 1) * timeoutMillis + 10_000;
    }

    /**
     * The Camel HTTP endpoint: a POST, any status answered rather than thrown, the timeout for a pooled
     * connection, and the client's configurer (declared in routes/beans.camel.yaml under this name: its
     * connections, their connect and read timeouts, one request per attempt), with
     * the receiver's body discarded as it is read, never held in memory: only the status counts.
     */
    public String endpointUri() {
        String timeout = Long.toString(timeoutMillis);
        return url + (url.contains("?") ? "&" : "?") + "httpMethod=POST&throwExceptionOnFailure=false"
                + "&connectionRequestTimeout=" + timeout
                + "&httpClientConfigurer=#" + HTTP_CLIENT_CONFIGURER + "&ignoreResponseBody=true";
    }

    /** The request body in the one style of every answer of the API (compact JSON), as the pull API shows the event. */
    public String body(String json) throws JsonProcessingException {
        return JsonReply.compact(json);
    }

    /** The {@code Authorization} header for receivers written for RevenueCat; empty when none is configured. */
    public String authorizationHeader() {
        return authorization;
    }

    /**
     * What one attempt came to, from the HTTP status (or the failure that left none), the attempts
     * before it and when the first was made: one entry of the record statement's {@code attempts} and
     * the metric's tags. {@code status} is {@code delivered}, {@code pending} (retried after
     * {@code retry_in_millis}) or {@code dead_lettered}; {@code outcome} tags it as {@code delivered},
     * {@code failed} or {@code dead_lettered}.
     */
    public Map<String, Object> outcome(Exchange exchange, @Variable("delivery") Map<String, Object> delivery) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Exception failure = exchange.getVariable("sendFailure", Exception.class);
        Map<String, Object> attempt = new HashMap<>();
        attempt.put("delivery_id", delivery.get("id"));
        if (failure == null && status != null && status >= 200 && status < 300) {
            return outcome(attempt, "delivered", 0, status, null, "2xx");
        }
        int attempts = ((Number) delivery.get("attempts")).intValue() + 1;
        Object first = delivery.get("first_attempt_at");
        long firstMillis = first instanceof java.util.Date date ? date.getTime() : System.currentTimeMillis();
        boolean giveUp = System.currentTimeMillis() - firstMillis >= retryForMillis;
        String error = failure != null ? describe(failure) : "HTTP " + status;
        String statusClass = failure != null || status == null ? (isTimeout(failure) ? "timeout" : "connection")
                : (status / 100) + "xx";
        long retryIn = giveUp ? 0 : retryDelay(attempts);
        LOG.warn("webhook attempt failed: delivery={} webhook_id={} attempt={} status={} next={}",
                delivery.get("id"), delivery.get("webhook_id"), attempts, error,
                giveUp ? "dead-lettered (webhook_delivery_failed)" : "in " + retryIn + " ms");
        return outcome(attempt, giveUp ? "dead_lettered" : "pending", retryIn, failure == null ? status : null, error,
                statusClass);
    }

    /**
     * The record statement's parameters for the outcomes gathered since the last record (camel-sql
     * reads {@code :#name} from a map body first, by plain lookups): the outcomes as one JSON array,
     * and the claim of each subscriber's next delivery, which waits, as the poll's claims do, while
     * the intake is behind.
     */
    public Map<String, Object> recordParameters(List<Map<String, Object>> outcomes) throws JsonProcessingException {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("attempts", Json.MAPPER.writeValueAsString(outcomes));
        parameters.put("claimed_by", claimOwner.id());
        parameters.put("lease_millis", leaseMillis());
        parameters.put("claim_next", !intakeFirst());
        return parameters;
    }

    private static Map<String, Object> outcome(Map<String, Object> attempt, String status, long retryInMillis,
            Integer httpStatus, String error, String statusClass) {
        attempt.put("status", status);
        attempt.put("outcome", "pending".equals(status) ? "failed" : status);
        attempt.put("retry_in_millis", retryInMillis);
        attempt.put("http_status", httpStatus);
        attempt.put("error", error);
        attempt.put("status_class", statusClass);
        return attempt;
    }

    /** The initial interval doubled per attempt before, up to an hour, with up to 20 % jitter either way. */
    long retryDelay(int attempts) {
        double doubled = retryInitialMillis * Math.pow(2, Math.min(attempts - 1, 30));
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return (long) Math.min(MAX_RETRY_DELAY_MILLIS, doubled * jitter);
    }

    /** The failure in one line, without a body or a secret: the exception's kind and its message. */
    private static String describe(Exception failure) {
        String line = Failures.oneLine(failure);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

    private static boolean isTimeout(Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    /** The settings, for the log line at start; the authorization value and the URL's query are never shown. */
    private Map<String, Object> describeSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("url", url.replaceFirst("[?#].*$", ""));   // a query may hold a token
        settings.put("event_types", eventTypes.isEmpty() ? "all" : eventTypes);
        settings.put("authorization", authorization.isEmpty() ? "none" : "set");
        settings.put("concurrency", concurrency);
        return settings;
    }
}
