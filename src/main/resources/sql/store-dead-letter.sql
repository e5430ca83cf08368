-- Marks the inbox row dead-lettered and records why, in one statement. A redriven event that fails
-- again keeps its dead letter (and id) and adds its attempts.
WITH failed AS (
    UPDATE inbox SET status = 'dead_lettered', claimed_until = NULL, claimed_by = NULL, processed_at = now()
    WHERE event_id = :#${variable.event?.id()}
    RETURNING event_id, payload
)
INSERT INTO dead_letters (event_id, payload, reason, error_message, route_id, attempts)
SELECT event_id, CAST(payload AS jsonb), :#${variable.deadLetterReason}, :#${variable.deadLetterMessage},
       :#${variable.deadLetterRoute}, :#${variable.deadLetterAttempts}
FROM failed
ON CONFLICT (event_id) DO UPDATE
SET reason = EXCLUDED.reason, error_message = EXCLUDED.error_message, route_id = EXCLUDED.route_id,
    attempts = dead_letters.attempts + EXCLUDED.attempts, last_failed_at = now()
