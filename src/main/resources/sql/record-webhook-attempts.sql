-- The outcomes of the attempts gathered since the last record, in one statement and one commit:
-- each delivery is delivered (a 2xx), pending again at its next attempt's time, or dead-lettered once
-- subsync.webhooks.retry-for has passed since its first attempt. For each one done, the subscriber's
-- next due delivery is claimed and returned, so it is sent without waiting for the next poll (its order
-- holds: this one is no longer pending). A subscriber has at most one delivery in flight, so no two
-- outcomes here are of the same subscriber.
-- Parameters: the message body, appWebhooks.recordParameters(...): attempts (a JSON array of
-- appWebhooks.outcome(...) maps), claimed_by, lease_millis, claim_next (false: claim none, the
-- intake goes first; the poll claims them later).
WITH attempt AS (
    SELECT * FROM jsonb_to_recordset(CAST(:#attempts AS jsonb))
        AS a(delivery_id bigint, status text, retry_in_millis bigint, http_status integer, error text)
), recorded AS (
    UPDATE webhook_deliveries d
    SET status = a.status,
        attempts = d.attempts + 1,
        first_attempt_at = coalesce(d.first_attempt_at, now()),
        last_attempt_at = now(),
        next_attempt_at = now() + a.retry_in_millis * interval '1 millisecond',
        last_status = a.http_status,
        last_error = a.error,
        delivered_at = CASE WHEN a.status = 'delivered' THEN now() END,
        claimed_by = NULL,
        claimed_until = NULL
    FROM attempt a
    WHERE d.id = ANY (ARRAY(SELECT delivery_id FROM attempt))   -- by primary key, whatever the statistics say
      AND d.id = a.delivery_id AND d.status = 'pending'
    RETURNING d.id, d.app_user_id, d.status
), next AS (
    SELECT following.id
    FROM recorded r CROSS JOIN LATERAL (
        SELECT d.id FROM webhook_deliveries d
        WHERE d.app_user_id = r.app_user_id AND d.status = 'pending' AND d.id <> r.id
        ORDER BY d.sequence
        LIMIT 1) following
    WHERE r.status <> 'pending' AND CAST(:#claim_next AS boolean)
), claimed AS (
    UPDATE webhook_deliveries d
    SET claimed_by = :#claimed_by,
        claimed_until = now() + CAST(:#lease_millis AS bigint) * interval '1 millisecond'
    FROM next
    WHERE d.id = next.id AND d.next_attempt_at <= now() AND (d.claimed_until IS NULL OR d.claimed_until < now())
    RETURNING d.id, d.attempts, d.first_attempt_at, webhook_id(d) AS webhook_id, d.cursor, d.test_event
)
-- the body here, at the statement's top level, where lifecycle_event_json is planned into the statement
SELECT c.id, c.attempts, c.first_attempt_at, c.webhook_id, webhook_body(c.test_event, j.event) AS body
FROM claimed c LEFT JOIN lifecycle_events e ON e.cursor = c.cursor
LEFT JOIN LATERAL lifecycle_event_json(e) AS j(event) ON true             -- none for a TEST delivery
