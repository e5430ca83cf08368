-- One subscriber's lifecycle events in sequence order, after a sequence number; next_sequence is the
-- `after` of the next page. An unknown subscriber has none, as it has an empty subscriber.
WITH u AS (
    SELECT CAST(:#${variable.appUserId} AS text) AS app_user_id
), page AS (
    SELECT * FROM lifecycle_events
    WHERE app_user_id = (SELECT app_user_id FROM u) AND sequence > :#${variable.after}
    ORDER BY sequence
    LIMIT :#${variable.limit}
)
SELECT json_build_object(
    'app_user_id', u.app_user_id,
    'sequence', coalesce((SELECT last_sequence FROM subscribers s WHERE s.app_user_id = u.app_user_id), 0),
    'events', coalesce((SELECT json_agg(j.event ORDER BY e.sequence)
                        FROM page e CROSS JOIN LATERAL lifecycle_event_json(e) AS j(event)), '[]'::json),
    'next_sequence', coalesce((SELECT max(sequence) FROM page), :#${variable.after}))::text
FROM u
