-- Every subscriber's lifecycle events in global (cursor) order, after a cursor: to mirror state.
SELECT json_build_object(
    'events', coalesce(json_agg(e ORDER BY e.cursor), '[]'::json),
    'next_cursor', coalesce(max(e.cursor), :#${variable.after}))::text
FROM (SELECT cursor, sequence, type, app_user_id, subscription_id, stripe_event_id,
             api_time(occurred_at) AS occurred_at,
             period_type, cancel_reason, expiration_reason, state
      FROM lifecycle_events
      WHERE cursor > :#${variable.after}
      ORDER BY cursor
      LIMIT :#${variable.limit}) e
