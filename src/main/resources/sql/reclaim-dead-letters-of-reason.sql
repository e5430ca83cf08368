-- Claims the oldest dead-lettered events of one reason (up to a page) to reprocess them.
UPDATE inbox
SET status = 'processing', claimed_until = now() + CAST(:#${properties:subsync.processing.lease} AS interval),
    claimed_by = :#${bean:claimOwner.id}
FROM (SELECT event_id FROM dead_letters WHERE reason = :#${variable.reason} ORDER BY id
      LIMIT :#${variable.limit}) d
WHERE inbox.event_id = d.event_id AND inbox.status = 'dead_lettered'
RETURNING inbox.event_id, inbox.payload::text AS payload
