-- Claims the waiting events of customers whose newest event arrived more than the resequence window
-- ago (or whose oldest has waited five windows), oldest customers first, whole customers only, until
-- about subsync.processing.batch-size events (at least one customer). Claims carry a lease; claims
-- whose lease ran out (their instance died) are claimed again. Concurrent pollers never claim a row
-- twice: the UPDATE re-checks the status of each row it waited for.
WITH waiting AS (
    SELECT coalesce(customer_id, object_id, event_id) AS customer_key, received_at
    FROM inbox
    WHERE status = 'received' OR (status = 'processing' AND claimed_until < now())
), settled AS (
    SELECT customer_key, count(*) AS events, min(received_at) AS oldest
    FROM waiting
    GROUP BY customer_key
    HAVING max(received_at) <= now() - CAST(:#${properties:subsync.resequence.window} AS interval)
        OR min(received_at) <= now() - 5 * CAST(:#${properties:subsync.resequence.window} AS interval)
), chosen AS (
    SELECT customer_key
    FROM (SELECT customer_key, events, sum(events) OVER (ORDER BY oldest, customer_key) AS running
          FROM settled) s
    WHERE running - events < CAST(:#${properties:subsync.processing.batch-size} AS integer)
)
UPDATE inbox
SET status = 'processing', claimed_until = now() + CAST(:#${properties:subsync.processing.lease} AS interval),
    claimed_by = :#${bean:claimOwner.id}
WHERE (status = 'received' OR (status = 'processing' AND claimed_until < now()))
  AND coalesce(customer_id, object_id, event_id) IN (SELECT customer_key FROM chosen)
RETURNING event_id, payload::text AS payload
