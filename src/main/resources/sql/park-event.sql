-- Parks an event until its receipt is posted. If the receipt was stored since we looked it up, the
-- event goes back to the queue instead, so a receipt racing its events can never strand them.
UPDATE inbox
SET status = CASE WHEN EXISTS (SELECT 1 FROM receipts WHERE fetch_token = :#${variable.subscriptionId})
                  THEN 'received' ELSE 'parked' END,
    subscription_id = :#${variable.subscriptionId},
    parked_at = now(),
    claimed_until = NULL, claimed_by = NULL
WHERE event_id = :#${variable.event.id()} AND status = 'processing'
