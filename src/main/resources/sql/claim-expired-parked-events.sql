-- Claims parked events that waited longer than subsync.receipt-wait for their receipt.
UPDATE inbox
SET status = 'processing', claimed_until = now() + CAST(:#${properties:subsync.processing.lease} AS interval),
    claimed_by = :#${bean:claimOwner.id}
WHERE status = 'parked'
  AND parked_at <= now() - CAST(:#${properties:subsync.receipt-wait} AS interval)
  AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.fetch_token = inbox.subscription_id)
RETURNING event_id, payload::text AS payload
