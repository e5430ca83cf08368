-- Claims a dead-lettered event again so it can be reprocessed.
UPDATE inbox
SET status = 'processing', claimed_until = now() + CAST(:#${properties:subsync.processing.lease} AS interval),
    claimed_by = :#${bean:claimOwner.id}
FROM dead_letters d
WHERE d.id = :#${variable.deadLetterId} AND inbox.event_id = d.event_id AND inbox.status = 'dead_lettered'
RETURNING inbox.event_id, inbox.payload::text AS payload
