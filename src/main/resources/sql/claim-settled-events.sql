-- Claims the waiting events of customers whose newest event arrived more than the resequence window
-- ago (or whose oldest has waited five windows), oldest customers first, whole customers only, until
-- about subsync.processing.batch-size events (at least one customer). Claims carry a lease; claims
-- whose lease ran out (their instance died) are claimed again. Concurrent pollers never claim a row
-- twice: the UPDATE re-checks the status of each row it waited for, and a per-customer lock held for
-- the statement makes concurrent claims choose different customers.
--
-- Only the customers of the oldest waiting events (twice the batch size) are candidates, so a poll
-- costs the same with a backlog of a million events as with ten; every index it needs is in V5.
-- Parameters: the message body, claimOwner.claimParameters().
WITH candidates AS MATERIALIZED (
    SELECT coalesce(customer_id, object_id, event_id) AS customer_key, min(received_at) AS oldest
    FROM ((SELECT customer_id, object_id, event_id, received_at FROM inbox
           WHERE status = 'received'
           ORDER BY received_at
           LIMIT 2 * CAST(:#batch_size AS integer))
          UNION ALL
          (SELECT customer_id, object_id, event_id, received_at FROM inbox
           WHERE status = 'processing' AND claimed_until < now()
           ORDER BY claimed_until
           LIMIT CAST(:#batch_size AS integer))) oldest_waiting
    GROUP BY 1
), settled AS (
    SELECT c.customer_key, c.oldest, w.events
    FROM candidates c
    CROSS JOIN LATERAL (
        SELECT count(*) AS events, max(received_at) AS newest
        FROM inbox
        WHERE coalesce(customer_id, object_id, event_id) = c.customer_key
          AND (status = 'received' OR (status = 'processing' AND claimed_until < now()))) w
    WHERE w.newest <= now() - CAST(:#resequence_window AS interval)
       OR c.oldest <= now() - 5 * CAST(:#resequence_window AS interval)
), claimable AS MATERIALIZED (
    -- skips customers another replica's claim is taking at this moment, instead of waiting for its
    -- rows and then finding them claimed: concurrent claims take different customers and cannot
    -- deadlock. In order, and only as many as a claim can take, so few locks are held.
    SELECT customer_key, oldest, events
    FROM (SELECT * FROM settled ORDER BY oldest, customer_key OFFSET 0) in_order
    WHERE pg_try_advisory_xact_lock(hashtextextended(customer_key, 1))
    LIMIT CAST(:#batch_size AS integer)
), chosen AS (
    SELECT customer_key
    FROM (SELECT customer_key, events, sum(events) OVER (ORDER BY oldest, customer_key) AS running
          FROM claimable) s
    WHERE running - events < CAST(:#batch_size AS integer)
)
UPDATE inbox
SET status = 'processing', claimed_until = now() + CAST(:#lease AS interval),
    claimed_by = :#claimed_by
WHERE (status = 'received' OR (status = 'processing' AND claimed_until < now()))
  -- an array, not IN (subquery): the planner then walks the customer-key index instead of the table
  AND coalesce(customer_id, object_id, event_id) = ANY(ARRAY(SELECT customer_key FROM chosen))
RETURNING event_id, payload::text AS payload
