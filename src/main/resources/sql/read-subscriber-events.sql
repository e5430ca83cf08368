-- One subscriber's lifecycle events in sequence order, after a sequence number.
SELECT json_build_object(
    'app_user_id', u.app_user_id,
    'sequence', coalesce((SELECT last_sequence FROM subscribers s WHERE s.app_user_id = u.app_user_id), 0),
    'events', coalesce(
        (SELECT json_agg(e ORDER BY e.sequence)
         FROM (SELECT sequence, cursor, type, app_user_id, subscription_id, stripe_event_id,
                      to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS occurred_at,
                      period_type, cancel_reason, expiration_reason, state
               FROM lifecycle_events
               WHERE app_user_id = u.app_user_id AND sequence > :#${variable.after}
               ORDER BY sequence
               LIMIT :#${variable.limit}) e), '[]'::json))::text
FROM (SELECT app_user_id FROM receipts WHERE app_user_id = :#${variable.appUserId} LIMIT 1) u
