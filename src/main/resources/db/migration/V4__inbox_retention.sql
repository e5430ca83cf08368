-- Inbox retention: applied and stale events older than subsync.inbox.retention are deleted; what
-- they contributed to a subscription's state is kept as its base_state, the fold of every pruned
-- event, from which replays start.
ALTER TABLE subscriptions ADD COLUMN base_state jsonb;
CREATE INDEX inbox_prunable ON inbox (received_at) WHERE status IN ('applied', 'stale');
