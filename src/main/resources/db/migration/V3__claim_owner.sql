-- Which instance holds a processing claim, so an instance shutting down can hand its claims back at
-- once instead of other instances waiting for the lease to expire.
ALTER TABLE inbox ADD COLUMN claimed_by text;
