-- The claim looks at the customers of the oldest waiting events only, then at each of those
-- customers' waiting events, instead of grouping the whole backlog on every poll: with a backlog of
-- 50,000 events the grouping took about 100 ms a poll (JFR, bench/README.md). The customer key is
-- the expression the claim groups by.
CREATE INDEX inbox_received_since ON inbox (received_at) WHERE status = 'received';
CREATE INDEX inbox_lease_expiry ON inbox (claimed_until) WHERE status = 'processing';
CREATE INDEX inbox_waiting_by_customer_key ON inbox ((coalesce(customer_id, object_id, event_id)), received_at)
    WHERE status IN ('received', 'processing');
-- superseded by inbox_waiting_by_customer_key; one index less to maintain on every insert
DROP INDEX inbox_waiting;
