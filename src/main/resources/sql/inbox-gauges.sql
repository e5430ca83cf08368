-- What the operations gauges show: events waiting for a receipt, dead letters, the backlog not yet
-- applied and the age of its oldest event.
SELECT (SELECT count(*) FROM inbox WHERE status = 'parked') AS parked,
       (SELECT count(*) FROM dead_letters) AS dead_letters,
       w.backlog,
       coalesce(extract(epoch FROM now() - w.oldest), 0) AS oldest_unapplied_seconds
FROM (SELECT count(*) AS backlog, min(received_at) AS oldest
      FROM inbox WHERE status IN ('received', 'processing')) w
