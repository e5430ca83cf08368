-- Deliveries of one status, oldest first, after an id; `failed` is pending after a failed attempt.
-- One branch per status, each naming its status as a constant, so that the partial indexes serve it
-- even in a plan made before the parameter is known: dead-lettered rows through their own index,
-- pending ones through the due index. A branch whose status was not asked for is skipped at once;
-- none walks every delivered row.
WITH matching AS (
    SELECT d.id FROM webhook_deliveries d
    WHERE :#${variable.status} = 'dead_lettered' AND d.status = 'dead_lettered' AND d.id > :#${variable.after}
    UNION ALL
    SELECT d.id FROM webhook_deliveries d
    WHERE :#${variable.status} IN ('pending', 'failed') AND d.status = 'pending'
      AND d.next_attempt_at <= 'infinity'       -- always true; it tells the planner the due index holds these rows
      AND (:#${variable.status} = 'pending' OR d.attempts > 0) AND d.id > :#${variable.after}
    UNION ALL
    SELECT d.id FROM webhook_deliveries d
    WHERE :#${variable.status} = 'delivered' AND d.status = 'delivered' AND d.id > :#${variable.after}
), page AS (
    SELECT d.*, webhook_id(d) AS webhook_id, e.type
    FROM webhook_deliveries d LEFT JOIN lifecycle_events e ON e.cursor = d.cursor
    WHERE d.id = ANY (ARRAY(SELECT id FROM matching ORDER BY id LIMIT :#${variable.limit}))   -- by primary key
)
SELECT json_build_object(
    'webhook_deliveries', coalesce(json_agg(json_build_object(
        'id', p.id,
        'webhook_id', p.webhook_id,
        'type', coalesce(p.type, 'TEST'),
        'app_user_id', p.app_user_id,
        'sequence', p.sequence,
        'status', CASE WHEN p.status = 'pending' AND p.attempts > 0 THEN 'failed' ELSE p.status END,
        'attempts', p.attempts,
        'last_status', p.last_status,
        'last_error', p.last_error,
        'first_attempt_at', api_time(p.first_attempt_at),
        'last_attempt_at', api_time(p.last_attempt_at),
        'next_attempt_at', CASE WHEN p.status = 'pending' THEN api_time(p.next_attempt_at) END,
        'delivered_at', api_time(p.delivered_at),
        'created_at', api_time(p.created_at)) ORDER BY p.id), '[]'::json),
    'next_after', coalesce(max(p.id), :#${variable.after}))::text
FROM page p
