-- A page of dead letters, optionally of one reason; next_after is the `after` of the next page.
SELECT json_build_object(
    'dead_letters', coalesce(json_agg(d ORDER BY d.id), '[]'::json),
    'next_after', coalesce(max(d.id), :#${variable.after}))::text
FROM (SELECT id, event_id, reason, error_message, route_id, attempts,
             api_time(first_failed_at) AS first_failed_at, api_time(last_failed_at) AS last_failed_at
      FROM dead_letters
      WHERE (CAST(:#${variable.reason} AS text) IS NULL OR reason = CAST(:#${variable.reason} AS text))
        AND id > :#${variable.after}
      ORDER BY id
      LIMIT :#${variable.limit}) d
