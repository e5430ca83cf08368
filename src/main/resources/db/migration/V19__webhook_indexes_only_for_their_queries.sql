-- Each partial index now names a column in its predicate that only the queries it serves constrain,
-- so that the planner cannot take it for another query. With statistics older than a burst of
-- deliveries (a backlog, a redrive of many), both indexes looked as cheap as any lookup, and the claim
-- checked each candidate for an earlier pending delivery by reading the whole due index (about 400
-- rows a candidate, 170 ms a claim): the earlier-delivery checks and the next-delivery lookups
-- (app_user_id = ...) can use only the pending index, the claim's due scan (next_attempt_at <= ...)
-- only the due index, and updates by id only the primary key.
DROP INDEX webhook_deliveries_pending;
DROP INDEX webhook_deliveries_due;
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (app_user_id, sequence)
    WHERE status = 'pending' AND app_user_id IS NOT NULL;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id)
    WHERE status = 'pending' AND next_attempt_at IS NOT NULL;
