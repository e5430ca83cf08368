SELECT i.event_id, i.status, d.reason
FROM dead_letters d
JOIN inbox i ON i.event_id = d.event_id
WHERE d.id = :#${variable.deadLetterId}
