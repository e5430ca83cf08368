-- Discards a dead letter: the dead letter goes, its inbox row is marked discarded (kept for dedupe).
WITH letter AS (
    DELETE FROM dead_letters WHERE id = :#${variable.deadLetterId} RETURNING event_id
)
UPDATE inbox SET status = 'discarded', processed_at = now(), claimed_until = NULL, claimed_by = NULL
FROM letter
WHERE inbox.event_id = letter.event_id
RETURNING inbox.event_id
