-- Claims the events parked for a subscription whose receipt was just posted.
UPDATE inbox
SET status = 'processing', claimed_until = now() + CAST(:#${properties:subsync.processing.lease} AS interval),
    claimed_by = :#${bean:claimOwner.id}
WHERE status = 'parked' AND subscription_id = :#${variable.receipt.fetchToken}
RETURNING event_id, payload::text AS payload
