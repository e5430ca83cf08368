-- The outcomes of the attempts gathered since the last record, in one statement and one commit:
-- each delivery is delivered (a 2xx), pending again at its next attempt's time, or dead-lettered once
-- subsync.webhooks.retry-for has passed since its first attempt; one left unsent behind a failed attempt
-- of its run is `released` (still pending, no longer claimed). For each subscriber whose deliveries here
-- are all done, its next run is claimed and returned, so it is sent without waiting for the next poll
-- (its order holds: nothing before it is pending any more). Nobody else claims that run meanwhile:
-- another instance sees these deliveries pending until this commits.
-- Parameters: the message body, appWebhooks.recordParameters(...): attempts (a JSON array of
-- appWebhooks.outcome(...) maps), claimed_by, lease_millis, run_max, claimable.
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
    WHERE d.id = ANY (ARRAY(SELECT delivery_id FROM attempt WHERE status <> 'released'))   -- by primary key, whatever the statistics say
      AND d.id = a.delivery_id AND d.status = 'pending'
    RETURNING d.id, d.app_user_id, d.status
), released AS (
    UPDATE webhook_deliveries d
    SET claimed_by = NULL, claimed_until = NULL
    WHERE d.id = ANY (ARRAY(SELECT delivery_id FROM attempt WHERE status = 'released')) AND d.status = 'pending'
), done AS (
    SELECT r.app_user_id FROM recorded r
    WHERE r.app_user_id IS NOT NULL
    GROUP BY r.app_user_id
    HAVING bool_and(r.status <> 'pending')
), batch AS (
    SELECT array_agg(delivery_id) AS ids FROM attempt
), next AS (
    -- the ids as a column, not a sub-select in the call, which would keep webhook_run from being planned in place
    SELECT n.id
    FROM done CROSS JOIN batch CROSS JOIN LATERAL webhook_run(done.app_user_id, batch.ids, CAST(:#run_max AS integer)) n
    ORDER BY done.app_user_id, n.sequence
    LIMIT CAST(:#claimable AS integer)
), claimed AS (
    UPDATE webhook_deliveries d
    SET claimed_by = :#claimed_by,
        claimed_until = now() + CAST(:#lease_millis AS bigint) * interval '1 millisecond'
    WHERE d.id = ANY (ARRAY(SELECT id FROM next)) AND d.status = 'pending'
      AND (d.claimed_until IS NULL OR d.claimed_until < now())
    RETURNING d.id, d.app_user_id, d.sequence, d.attempts, d.first_attempt_at, webhook_id(d) AS webhook_id, d.cursor, d.test_event
)
-- the body here, at the statement's top level, where lifecycle_event_json is planned into the statement;
-- each subscriber's run together, in sequence order (appWebhooks.runs)
SELECT c.id, c.app_user_id, c.attempts, c.first_attempt_at, c.webhook_id, webhook_body(c.test_event, j.event) AS body
FROM claimed c LEFT JOIN lifecycle_events e ON e.cursor = c.cursor
LEFT JOIN LATERAL lifecycle_event_json(e) AS j(event) ON true             -- none for a TEST delivery
ORDER BY c.app_user_id, c.sequence
