-- An operator may discard a dead letter (DELETE /v1/admin/dead-letters/{id}); its inbox row stays,
-- marked discarded, so that Stripe redelivering the event is still answered as a duplicate.
ALTER TABLE inbox DROP CONSTRAINT inbox_status_known;
ALTER TABLE inbox ADD CONSTRAINT inbox_status_known
    CHECK (status IN ('received', 'processing', 'applied', 'stale', 'parked', 'dead_lettered', 'discarded'));
