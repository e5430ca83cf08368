SELECT json_build_object(
    'dead_letters', coalesce(json_agg(d ORDER BY d.id), '[]'::json),
    'next_after', max(d.id))::text
FROM (SELECT id, event_id, reason, error_message, route_id, attempts, first_failed_at, last_failed_at
      FROM dead_letters
      WHERE (CAST(:#${variable.reason} AS text) IS NULL OR reason = CAST(:#${variable.reason} AS text))
        AND id > :#${variable.after}
      ORDER BY id
      LIMIT :#${variable.limit}) d
