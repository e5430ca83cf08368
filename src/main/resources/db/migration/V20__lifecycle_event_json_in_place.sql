-- lifecycle_event_json(e) was a scalar SQL function whose body has a FROM clause, which PostgreSQL
-- cannot put in place: each call started an executor of its own and got the whole row, state
-- included, as one value (bench/README.md, run SE: 0.29 ms a call, two thirds of the record
-- statement). A set-returning SQL function called in FROM is put in place: callers now write
-- `CROSS JOIN LATERAL lifecycle_event_json(e) AS j(event)`, one row per event, and the body is planned
-- into their statement. The JSON is the same; webhook_body takes the event's JSON instead of its row.
DROP FUNCTION webhook_body(json, lifecycle_events);
DROP FUNCTION lifecycle_event_json(lifecycle_events);

CREATE FUNCTION webhook_body(test_event json, event json) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT json_build_object('api_version', '1.0', 'event', coalesce(test_event, event))::text $$;

CREATE FUNCTION lifecycle_event_json(e lifecycle_events) RETURNS SETOF json
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT json_build_object(
    'id', 'lce_' || e.cursor::text,                 -- unique and stable: the same on every read
    'sequence', e.sequence,
    'cursor', e.cursor,
    'type', e.type,
    'app_user_id', e.app_user_id,
    'original_app_user_id', e.app_user_id,
    'aliases', json_build_array(e.app_user_id),
    'subscription_id', e.subscription_id,
    'original_transaction_id', e.subscription_id,
    'transaction_id', s.latest_invoice_id,
    'stripe_event_id', e.stripe_event_id,
    'product_id', coalesce(e.previous_product_id, s.product_id),
    'new_product_id', CASE WHEN e.type = 'PRODUCT_CHANGE' THEN s.product_id END,
    'entitlement_ids', coalesce(e.entitlement_ids, '{}'::text[]),
    'period_type', coalesce(e.period_type, s.period_type),
    'occurred_at', api_time(e.occurred_at),
    'event_timestamp_ms', epoch_ms(e.occurred_at),
    'purchased_at_ms', epoch_ms(CAST(s.current_period_start AS timestamptz)),
    'expiration_at_ms', epoch_ms(CAST(s.expires_at AS timestamptz)),
    'grace_period_expiration_at_ms', CASE WHEN e.type = 'BILLING_ISSUE' AND s.is_active::boolean
        THEN epoch_ms(CAST(s.expires_at AS timestamptz)) END,
    'store', 'STRIPE',
    'environment', CASE e.livemode WHEN true THEN 'PRODUCTION' WHEN false THEN 'SANDBOX' END,
    'price', p.price,
    'price_in_purchased_currency', p.price,
    'currency', upper(s.currency),
    'cancel_reason', e.cancel_reason,
    'expiration_reason', e.expiration_reason,
    'is_trial_conversion', CASE WHEN e.type = 'RENEWAL' THEN e.is_trial_conversion END,
    'transferred_from', CASE WHEN e.type = 'TRANSFER' THEN json_build_array(e.transferred_from) END,
    'transferred_to', CASE WHEN e.type = 'TRANSFER' THEN json_build_array(e.transferred_to) END,
    'state', e.state)
-- each field as ->> gives it (text), read in one pass over the state
FROM jsonb_to_record(e.state) AS s(latest_invoice_id text, product_id text, period_type text,
    current_period_start text, expires_at text, is_active text, currency text, price_amount text)
-- a trial costs nothing; otherwise the price of one period, in its own currency (not converted to USD)
CROSS JOIN LATERAL (SELECT CASE WHEN coalesce(e.period_type, s.period_type) = 'TRIAL' THEN 0
                  ELSE major_units(s.price_amount::bigint, s.currency) END AS price) p
$$;
