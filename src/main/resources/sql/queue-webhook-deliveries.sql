-- Queues the lifecycle events written since the last call, in cursor order, one instance at a time
-- (the position row is locked). Types outside subsync.webhooks.event-types are passed over.
WITH position AS (
    SELECT last_cursor FROM webhook_push_position WHERE endpoint = 'default' FOR UPDATE
), next AS (
    SELECT e.cursor, e.app_user_id, e.sequence, e.type
    FROM lifecycle_events e
    WHERE e.cursor > (SELECT last_cursor FROM position)
    ORDER BY e.cursor
    LIMIT 5000
), queued AS (
    INSERT INTO webhook_deliveries (cursor, app_user_id, sequence)
    SELECT cursor, app_user_id, sequence FROM next
    WHERE :#${bean:appWebhooks.eventTypes} = '' OR type = ANY(string_to_array(:#${bean:appWebhooks.eventTypes}, ','))
    ORDER BY cursor
    ON CONFLICT (cursor) DO NOTHING
)
UPDATE webhook_push_position SET last_cursor = (SELECT max(cursor) FROM next)
WHERE endpoint = 'default' AND EXISTS (SELECT 1 FROM next)
