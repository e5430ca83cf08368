-- The one format of every time the API answers: ISO 8601 in UTC with Z, whole seconds, as the
-- subscription state's times are written.
CREATE FUNCTION api_time(t timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') $$;
