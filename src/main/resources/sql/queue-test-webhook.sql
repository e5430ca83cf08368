-- A TEST event for the app's endpoint, sent through the same signing and delivery path.
WITH next AS (SELECT nextval('webhook_deliveries_id_seq') AS id)
INSERT INTO webhook_deliveries (id, app_user_id, sequence, test_event)
SELECT id, NULL, id, json_build_object(
    'id', 'test_' || id, 'type', 'TEST', 'app_user_id', NULL, 'event_timestamp_ms', epoch_ms(now()),
    'occurred_at', api_time(now()), 'store', 'STRIPE')
FROM next
RETURNING json_build_object('delivery_id', id, 'webhook_id', webhook_id(webhook_deliveries), 'status', 'pending')::text
