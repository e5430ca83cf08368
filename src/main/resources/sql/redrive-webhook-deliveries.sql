-- Dead-lettered deliveries (one, or all when no id is given) are pending again, to be sent at once
-- with a fresh retry period; each goes out when its subscriber's earlier deliveries are done.
UPDATE webhook_deliveries
SET status = 'pending', attempts = 0, first_attempt_at = NULL, next_attempt_at = now(),
    claimed_by = NULL, claimed_until = NULL
WHERE status = 'dead_lettered' AND (CAST(:#${variable.deliveryId} AS bigint) IS NULL OR id = :#${variable.deliveryId})
