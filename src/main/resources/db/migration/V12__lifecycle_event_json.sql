-- Lifecycle events as apps read them, defined once (pull API now, the push body later): subsync's
-- fields and, under RevenueCat's names, those of its event that apply to Stripe.
ALTER TABLE lifecycle_events ADD COLUMN livemode boolean;   -- the Stripe event's livemode
UPDATE lifecycle_events l SET livemode = i.livemode FROM inbox i WHERE i.event_id = l.stripe_event_id;

CREATE FUNCTION epoch_ms(t timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (extract(epoch FROM t) * 1000)::bigint $$;

CREATE FUNCTION lifecycle_event_json(e lifecycle_events) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT json_build_object(
    'id', 'lce_' || e.cursor,                       -- unique and stable: the same on every read
    'sequence', e.sequence,
    'cursor', e.cursor,
    'type', e.type,
    'app_user_id', e.app_user_id,
    'original_app_user_id', e.app_user_id,
    'subscription_id', e.subscription_id,
    'original_transaction_id', e.subscription_id,
    'stripe_event_id', e.stripe_event_id,
    'product_id', e.state ->> 'product_id',
    'period_type', coalesce(e.period_type, e.state ->> 'period_type'),
    'occurred_at', api_time(e.occurred_at),
    'event_timestamp_ms', epoch_ms(e.occurred_at),
    'purchased_at_ms', epoch_ms(CAST(e.state ->> 'current_period_start' AS timestamptz)),
    'expiration_at_ms', epoch_ms(CAST(e.state ->> 'expires_at' AS timestamptz)),
    'store', 'STRIPE',
    'environment', CASE e.livemode WHEN true THEN 'PRODUCTION' WHEN false THEN 'SANDBOX' END,
    'cancel_reason', e.cancel_reason,
    'expiration_reason', e.expiration_reason,
    'state', e.state)
$$;
