-- Major units to the currency's own precision (9.99, not 9.9900000000000000), so the JSON text
-- PostgreSQL writes is the same number in every answer and in the push body.
CREATE OR REPLACE FUNCTION major_units(amount bigint, currency text) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
SELECT CASE
    WHEN lower(currency) IN ('bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd',
                             'vuv', 'xaf', 'xof', 'xpf') THEN amount::numeric
    WHEN lower(currency) IN ('bhd', 'jod', 'kwd', 'omr', 'tnd') THEN round(amount::numeric / 1000, 3)
    ELSE round(amount::numeric / 100, 2) END
$$;
