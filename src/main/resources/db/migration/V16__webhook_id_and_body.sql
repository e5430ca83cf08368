-- A delivery's webhook-id (the lifecycle event's id; TEST deliveries have their own) and its request
-- body, {"api_version":"1.0","event":<as GET /v1/events shows it>}: one definition for every query.
CREATE FUNCTION webhook_id(d webhook_deliveries) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce('lce_' || d.cursor, 'test_' || d.id) $$;

CREATE FUNCTION webhook_body(d webhook_deliveries) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT json_build_object('api_version', '1.0', 'event', coalesce(d.test_event,
    (SELECT lifecycle_event_json(e) FROM lifecycle_events e WHERE e.cursor = d.cursor)))::text
$$;
