-- Claims runs (webhook_run): for each subscriber whose earlier deliveries are done (delivered or
-- dead-lettered) and whose next attempt is due, that delivery and the ones after it, up to what this
-- instance may have in flight (counted by appWebhooks). The lease makes the claim this instance's
-- alone; a claim left by a stopped instance is taken when it expires.
-- Due deliveries are read in due order and each is checked for an earlier pending one of its
-- subscriber through the index, so a backlog costs what is claimed, not its size.
WITH head AS (
    SELECT d.id, d.app_user_id, d.next_attempt_at
    FROM webhook_deliveries d
    WHERE d.status = 'pending' AND d.next_attempt_at <= now()
      AND (d.claimed_until IS NULL OR d.claimed_until < now())
      AND (d.app_user_id IS NULL OR NOT EXISTS (
          SELECT 1 FROM webhook_deliveries earlier
          WHERE earlier.app_user_id = d.app_user_id AND earlier.status = 'pending' AND earlier.sequence < d.sequence))
    ORDER BY d.next_attempt_at, d.id
    LIMIT :#${bean:appWebhooks.claimable}
), run AS (                                                  -- a TEST delivery is a run of its own
    SELECT h.id, h.next_attempt_at AS due_at, h.id AS head_id, 0::bigint AS sequence FROM head h WHERE h.app_user_id IS NULL
    UNION ALL
    SELECT r.id, h.next_attempt_at, h.id, r.sequence
    FROM head h CROSS JOIN LATERAL webhook_run(h.app_user_id, '{}', :#${bean:appWebhooks.runMax}) r
    WHERE h.app_user_id IS NOT NULL
), chosen AS (
    SELECT id, head_id FROM run ORDER BY due_at, head_id, sequence LIMIT :#${bean:appWebhooks.claimable}
), claimed_head AS (                                         -- another instance may have claimed a head meanwhile
    UPDATE webhook_deliveries d
    SET claimed_by = :#${bean:claimOwner.id},
        claimed_until = now() + CAST(:#${bean:appWebhooks.leaseMillis} AS bigint) * interval '1 millisecond'
    WHERE d.id = ANY (ARRAY(SELECT head_id FROM chosen))     -- by primary key, not a join over every pending row
      AND d.status = 'pending' AND (d.claimed_until IS NULL OR d.claimed_until < now())
    RETURNING d.id, d.app_user_id, d.sequence, d.attempts, d.first_attempt_at, webhook_id(d) AS webhook_id, d.cursor, d.test_event
), claimed_rest AS (                                         -- and then the rest of its run is not ours to send
    UPDATE webhook_deliveries d
    SET claimed_by = :#${bean:claimOwner.id},
        claimed_until = now() + CAST(:#${bean:appWebhooks.leaseMillis} AS bigint) * interval '1 millisecond'
    WHERE d.id = ANY (ARRAY(SELECT c.id FROM chosen c WHERE c.id <> c.head_id AND c.head_id IN (SELECT id FROM claimed_head)))
      AND d.status = 'pending' AND (d.claimed_until IS NULL OR d.claimed_until < now())
    RETURNING d.id, d.app_user_id, d.sequence, d.attempts, d.first_attempt_at, webhook_id(d) AS webhook_id, d.cursor, d.test_event
), claimed AS (
    SELECT * FROM claimed_head UNION ALL SELECT * FROM claimed_rest
)
-- the body here, at the statement's top level, where lifecycle_event_json is planned into the statement;
-- each subscriber's run together, in sequence order (appWebhooks.runs)
SELECT c.id, c.app_user_id, c.attempts, c.first_attempt_at, c.webhook_id, webhook_body(c.test_event, j.event) AS body
FROM claimed c LEFT JOIN lifecycle_events e ON e.cursor = c.cursor
LEFT JOIN LATERAL lifecycle_event_json(e) AS j(event) ON true             -- none for a TEST delivery
ORDER BY c.app_user_id, c.sequence, c.id
