-- Push starts from the latest lifecycle event the first time it is enabled; later starts continue.
INSERT INTO webhook_push_position (endpoint, last_cursor)
VALUES ('default', (SELECT coalesce(max(cursor), 0) FROM lifecycle_events))
ON CONFLICT (endpoint) DO NOTHING
