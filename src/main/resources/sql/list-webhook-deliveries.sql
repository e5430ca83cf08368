-- Deliveries of one status, oldest first, after an id; `failed` is pending after a failed attempt.
WITH page AS (
    SELECT d.*, webhook_id(d) AS webhook_id, e.type
    FROM webhook_deliveries d LEFT JOIN lifecycle_events e ON e.cursor = d.cursor
    WHERE d.id > :#${variable.after}
      AND CASE :#${variable.status}
              WHEN 'failed' THEN d.status = 'pending' AND d.attempts > 0
              ELSE d.status = :#${variable.status} END
    ORDER BY d.id
    LIMIT :#${variable.limit}
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
