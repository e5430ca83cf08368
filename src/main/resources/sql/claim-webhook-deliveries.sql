-- Claims the next delivery of subscribers whose earlier deliveries are done (delivered or
-- dead-lettered) and whose next attempt is due, up to what this instance may have in flight (counted
-- by appWebhooks). The lease makes the claim this instance's alone; a claim left by a stopped instance
-- is taken when it expires.
-- Due deliveries are read in due order and each is checked for an earlier pending one of its
-- subscriber through the index, so a backlog costs what is claimed, not its size.
WITH due AS (
    SELECT d.id
    FROM webhook_deliveries d
    WHERE d.status = 'pending' AND d.next_attempt_at <= now()
      AND (d.claimed_until IS NULL OR d.claimed_until < now())
      AND (d.app_user_id IS NULL OR NOT EXISTS (
          SELECT 1 FROM webhook_deliveries earlier
          WHERE earlier.app_user_id = d.app_user_id AND earlier.status = 'pending' AND earlier.sequence < d.sequence))
    ORDER BY d.next_attempt_at, d.id
    LIMIT :#${bean:appWebhooks.claimable}
), claimed AS (
    UPDATE webhook_deliveries d
    SET claimed_by = :#${bean:claimOwner.id},
        claimed_until = now() + CAST(:#${bean:appWebhooks.leaseMillis} AS bigint) * interval '1 millisecond'
    WHERE d.id = ANY (ARRAY(SELECT id FROM due))             -- by primary key, not a join over every pending row
      AND d.status = 'pending' AND (d.claimed_until IS NULL OR d.claimed_until < now())
    RETURNING d.id, d.attempts, d.first_attempt_at, webhook_id(d) AS webhook_id, d.cursor, d.test_event
)
-- the body here, at the statement's top level, where lifecycle_event_json is planned into the statement
SELECT c.id, c.attempts, c.first_attempt_at, c.webhook_id, webhook_body(c.test_event, j.event) AS body
FROM claimed c LEFT JOIN lifecycle_events e ON e.cursor = c.cursor
LEFT JOIN LATERAL lifecycle_event_json(e) AS j(event) ON true             -- none for a TEST delivery
