-- The outcome of one attempt: delivered (a 2xx), pending again at the next attempt's time, or
-- dead-lettered once subsync.webhooks.retry-for has passed since the first attempt.
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
