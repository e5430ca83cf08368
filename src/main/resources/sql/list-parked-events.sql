-- Events waiting for a receipt, oldest first: their subscription id is what an app posts in a receipt.
-- next_after is the `after` of the next page (an offset).
SELECT json_build_object(
    'parked_events', coalesce(json_agg(p ORDER BY p.parked_at, p.event_id), '[]'::json),
    'next_after', :#${variable.after} + count(p.event_id))::text
FROM (SELECT event_id, type, subscription_id, customer_id, api_time(created) AS created,
             api_time(parked_at) AS parked_at
      FROM inbox
      WHERE status = 'parked'
      ORDER BY parked_at, event_id
      OFFSET :#${variable.after}
      LIMIT :#${variable.limit}) p
