-- A run: the deliveries of one subscriber that one sender sends one after another, each as soon as the
-- one before it got its 2xx, without waiting for that to be recorded (the record was a subscriber's wait
-- between two events: bench/README.md, runs TA-TF). It is the subscriber's pending deliveries in
-- sequence order, from its first, leaving out those whose outcome is being recorded (`recorded`), up to
-- `run_max`, and only as far as each is due and unclaimed: the one after a delivery that is not would
-- go out before it. The claim and the record statement both take runs through it; as a set-returning
-- SQL function called in FROM it is planned into their statements.
CREATE FUNCTION webhook_run(subscriber text, recorded bigint[], run_max integer)
    RETURNS TABLE (id bigint, sequence bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT r.id, r.sequence FROM (
    SELECT p.id, p.sequence,
           bool_and(p.next_attempt_at <= now() AND (p.claimed_until IS NULL OR p.claimed_until < now()))
               OVER (ORDER BY p.sequence) AS sendable
    FROM (
        SELECT d.id, d.sequence, d.next_attempt_at, d.claimed_until
        FROM webhook_deliveries d
        WHERE d.app_user_id = subscriber AND d.status = 'pending' AND d.id <> ALL (recorded)
        ORDER BY d.sequence
        LIMIT run_max) p
) r
WHERE r.sendable
$$;
