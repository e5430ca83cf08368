-- The outcome of one attempt: delivered (a 2xx), pending again at the next attempt's time, or
-- dead-lettered once subsync.webhooks.retry-for has passed since the first attempt. When it is done,
-- the subscriber's next due delivery is claimed and returned, so the sender goes on with it without
-- waiting for the next poll (its order holds: this one is no longer pending), for a bounded turn, so
-- that the claims of other subscribers queued behind the sender wait little.
-- Parameters: the message body, appWebhooks.outcome(...).
WITH recorded AS (
    UPDATE webhook_deliveries
    SET status = :#status,
        attempts = attempts + 1,
        first_attempt_at = coalesce(first_attempt_at, now()),
        last_attempt_at = now(),
        next_attempt_at = now() + CAST(:#retry_in_millis AS bigint) * interval '1 millisecond',
        last_status = CAST(:#http_status AS integer),
        last_error = :#error,
        delivered_at = CASE WHEN :#status = 'delivered' THEN now() END,
        claimed_by = NULL,
        claimed_until = NULL
    WHERE id = :#delivery_id AND status = 'pending'
    RETURNING id, app_user_id, status
), next AS (
    SELECT following.id
    FROM recorded r CROSS JOIN LATERAL (
        SELECT d.id FROM webhook_deliveries d
        WHERE d.app_user_id = r.app_user_id AND d.status = 'pending' AND d.id <> r.id
        ORDER BY d.sequence
        LIMIT 1) following
    WHERE r.status <> 'pending'
      AND CAST(:#claim_next AS boolean)
)
UPDATE webhook_deliveries d
SET claimed_by = :#claimed_by,
    claimed_until = now() + CAST(:#lease_millis AS bigint) * interval '1 millisecond'
FROM next
WHERE d.id = next.id AND d.next_attempt_at <= now() AND (d.claimed_until IS NULL OR d.claimed_until < now())
RETURNING d.id, d.attempts, d.first_attempt_at, webhook_id(d) AS webhook_id, webhook_body(d) AS body
