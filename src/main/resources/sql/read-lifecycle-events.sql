-- Every subscriber's lifecycle events in global (cursor) order, after a cursor: to mirror state.
SELECT json_build_object(
    'events', coalesce(json_agg(j.event ORDER BY e.cursor), '[]'::json),
    'next_cursor', coalesce(max(e.cursor), :#${variable.after}))::text
FROM (SELECT * FROM lifecycle_events
      WHERE cursor > :#${variable.after}
      ORDER BY cursor
      LIMIT :#${variable.limit}) e
CROSS JOIN LATERAL lifecycle_event_json(e) AS j(event)
