-- Each delivery is written twice: claimed, then recorded. A claim now changes only columns no index
-- covers (the instance counts what it holds itself), so PostgreSQL can update the row in place (HOT)
-- when its page has room, which the lower fillfactor leaves.
--
-- No index leads with status any more: with statistics older than a burst of new deliveries (a
-- backlog, the first minute of push), the planner took the (status, id) index for every
-- "status = 'pending'" and read all pending rows once per row claimed or recorded. The pending and
-- due indexes serve the claims and records; only dead-lettered rows (the gauge, the admin list and its
-- redrive) need one of their own.
DROP INDEX webhook_deliveries_claimed;
DROP INDEX webhook_deliveries_by_status;
CREATE INDEX webhook_deliveries_dead_lettered ON webhook_deliveries (id) WHERE status = 'dead_lettered';
ALTER TABLE webhook_deliveries SET (fillfactor = 70);
