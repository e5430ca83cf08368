SELECT json_build_object(
    'id', id, 'event_id', event_id, 'reason', reason, 'error_message', error_message, 'route_id', route_id,
    'attempts', attempts, 'first_failed_at', api_time(first_failed_at), 'last_failed_at', api_time(last_failed_at),
    'payload', payload)::text
FROM dead_letters
WHERE id = :#${variable.deadLetterId}
