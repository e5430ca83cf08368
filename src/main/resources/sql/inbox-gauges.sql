-- What the operations gauges show: events waiting for a receipt, dead letters, the backlog not yet
-- applied and the age of its oldest event; for push, deliveries not yet delivered and the age of the
-- oldest one's lifecycle event (the push lag).
SELECT (SELECT count(*) FROM inbox WHERE status = 'parked') AS parked,
       (SELECT count(*) FROM dead_letters) AS dead_letters,
       w.backlog,
       coalesce(extract(epoch FROM now() - w.oldest), 0) AS oldest_unapplied_seconds,
       p.webhook_backlog,
       coalesce(extract(epoch FROM now() - p.oldest), 0) AS oldest_undelivered_seconds,
       (SELECT count(*) FROM webhook_deliveries WHERE status = 'dead_lettered') AS webhook_dead_letters
FROM (SELECT count(*) AS backlog, min(received_at) AS oldest
      FROM inbox WHERE status IN ('received', 'processing')) w,
     (SELECT count(*) AS webhook_backlog, min(created_at) AS oldest
      FROM webhook_deliveries WHERE status = 'pending'
        AND next_attempt_at <= 'infinity') p    -- always true; it tells the planner the due index holds these rows
                                                -- (PostgreSQL 17 drops "IS NOT NULL" of a NOT NULL column, and
                                                -- with it the proof: every delivered row was read each time)
