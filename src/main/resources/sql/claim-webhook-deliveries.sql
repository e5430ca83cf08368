-- Claims the next delivery of subscribers whose earlier deliveries are done (delivered or
-- dead-lettered) and whose next attempt is due, up to what this instance may have in flight. The lease
-- makes the claim this instance's alone; a claim left by a stopped instance is taken when it expires.
WITH in_flight AS (
    SELECT count(*) AS n FROM webhook_deliveries
    WHERE status = 'pending' AND claimed_by = :#${bean:claimOwner.id} AND claimed_until > now()
), heads AS (
    SELECT DISTINCT ON (app_user_id) id, next_attempt_at, claimed_until
    FROM webhook_deliveries
    WHERE status = 'pending'
    ORDER BY app_user_id, sequence, id
), due AS (
    SELECT id FROM heads
    WHERE next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
    ORDER BY next_attempt_at, id
    LIMIT greatest(0, :#${bean:appWebhooks.maxInFlight} - (SELECT n FROM in_flight))
)
UPDATE webhook_deliveries d
SET claimed_by = :#${bean:claimOwner.id},
    claimed_until = now() + CAST(:#${bean:appWebhooks.leaseMillis} AS bigint) * interval '1 millisecond'
FROM due
WHERE d.id = due.id AND d.status = 'pending' AND (d.claimed_until IS NULL OR d.claimed_until < now())
RETURNING d.id, d.attempts, d.first_attempt_at,
    coalesce('lce_' || d.cursor, 'test_' || d.id) AS webhook_id,
    json_build_object('api_version', '1.0', 'event', coalesce(d.test_event,
        (SELECT lifecycle_event_json(e) FROM lifecycle_events e WHERE e.cursor = d.cursor)))::text AS body
