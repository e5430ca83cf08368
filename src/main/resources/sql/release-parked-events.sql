-- Claims the events waiting for a subscription whose receipt was just posted: those parked, and those
-- already dead-lettered because no receipt came within subsync.receipt-wait (the customer paid; the
-- receipt came late). Their dead letters are removed in the same statement; an event that fails again
-- is dead-lettered anew, with its new reason.
WITH released AS (
    UPDATE inbox
    SET status = 'processing', claimed_until = now() + CAST(:#${properties:subsync.processing.lease} AS interval),
        claimed_by = :#${bean:claimOwner.id}
    WHERE event_id IN (
        SELECT event_id FROM inbox
        WHERE status = 'parked' AND subscription_id = :#${variable.receipt.fetchToken}
        UNION ALL
        SELECT i.event_id FROM inbox i JOIN dead_letters d ON d.event_id = i.event_id
        WHERE i.status = 'dead_lettered' AND i.subscription_id = :#${variable.receipt.fetchToken}
          AND d.reason = 'receipt_not_found')
      AND status IN ('parked', 'dead_lettered')
    RETURNING event_id, payload::text AS payload
), removed AS (
    DELETE FROM dead_letters d USING released r
    WHERE d.event_id = r.event_id AND d.reason = 'receipt_not_found'
)
SELECT event_id, payload FROM released
