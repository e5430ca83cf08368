-- The payload is kept as the JSON text Stripe sent (json) instead of jsonb: jsonb parsed every
-- 3-7 KB payload into a tree at ingest and every claim converted it back to text; the inbox insert
-- took 12.6 s of PostgreSQL's time instead of 20.0 s for the same events (bench/README.md, run O).
-- Nothing queries inside the payload; it is read back whole. The \u0000 that jsonb could not hold
-- is now refused by the webhook itself (StripeEvents), so the inbox still holds only what jsonb could.
-- Rewrites the table: on a large inbox, run it in a quiet moment (ingest waits for it).
ALTER TABLE inbox ALTER COLUMN payload TYPE json USING payload::json;
-- a type change resets the column's storage to the type's default; keep V6's out-of-line storage
ALTER TABLE inbox ALTER COLUMN payload SET STORAGE EXTERNAL;
