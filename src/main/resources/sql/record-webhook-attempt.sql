-- The outcome of one attempt: delivered (a 2xx), pending again at the next attempt's time, or
-- dead-lettered once subsync.webhooks.retry-for has passed since the first attempt. When it is done,
-- the subscriber's next due delivery is claimed and returned, so the sender goes on with it without
-- waiting for the next poll (its order holds: this one is no longer pending), for a bounded turn, so
-- that the claims of other subscribers queued behind the sender wait little.
WITH recorded AS (
    UPDATE webhook_deliveries
    SET status = :#${variable.attempt.status},
        attempts = attempts + 1,
        first_attempt_at = coalesce(first_attempt_at, now()),
        last_attempt_at = now(),
        next_attempt_at = now() + CAST(:#${variable.attempt.retryInMillis} AS bigint) * interval '1 millisecond',
        last_status = CAST(:#${variable.attempt.httpStatus} AS integer),
        last_error = :#${variable.attempt.error},
        delivered_at = CASE WHEN :#${variable.attempt.status} = 'delivered' THEN now() END,
        claimed_by = NULL,
        claimed_until = NULL
    WHERE id = :#${variable.deliveryId} AND status = 'pending'
    RETURNING id, app_user_id, status
), next AS (
    SELECT following.id
    FROM recorded r CROSS JOIN LATERAL (
        SELECT d.id FROM webhook_deliveries d
        WHERE d.app_user_id = r.app_user_id AND d.status = 'pending' AND d.id <> r.id
        ORDER BY d.sequence
        LIMIT 1) following
    WHERE r.status <> 'pending'
      AND CAST(:#${exchangeProperty.CamelLoopIndex} AS integer) + 1 < :#${bean:appWebhooks.deliveriesPerTurn}
)
UPDATE webhook_deliveries d
SET claimed_by = :#${bean:claimOwner.id},
    claimed_until = now() + CAST(:#${bean:appWebhooks.leaseMillis} AS bigint) * interval '1 millisecond'
FROM next
WHERE d.id = next.id AND d.next_attempt_at <= now() AND (d.claimed_until IS NULL OR d.claimed_until < now())
RETURNING d.id, d.attempts, d.first_attempt_at, webhook_id(d) AS webhook_id, webhook_body(d) AS body
