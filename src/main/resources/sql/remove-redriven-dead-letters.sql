-- After a redrive of one reason: the dead letters whose event has left the dead-lettered status go,
-- and those events' outcomes come back; an event that failed again keeps its dead letter.
DELETE FROM dead_letters d
USING inbox i
WHERE d.event_id = i.event_id AND d.reason = :#${variable.reason}
  AND i.status IN ('applied', 'stale', 'parked')
RETURNING i.status
