-- Entitlements as the operator configures them (subsync.entitlements.<id>=<products>), rewritten from
-- the configuration at every start, so a changed mapping applies to every subscriber at once.
CREATE TABLE entitlement_products (
    entitlement_id text NOT NULL,
    product_id     text NOT NULL,
    PRIMARY KEY (product_id, entitlement_id)
);

-- The entitlements a product grants: those configured for it, else one named after the product.
CREATE FUNCTION entitlements_of(product text) RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT coalesce((SELECT array_agg(entitlement_id ORDER BY entitlement_id) FROM entitlement_products
                 WHERE product_id = product),
                CASE WHEN product IS NULL THEN '{}'::text[] ELSE ARRAY[product] END)
$$;

-- An amount in a currency's smallest unit, as Stripe gives it, in major units, as RevenueCat gives it
-- (https://docs.stripe.com/currencies#zero-decimal).
CREATE FUNCTION major_units(amount bigint, currency text) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
SELECT amount / CASE
    WHEN lower(currency) IN ('bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd',
                             'vuv', 'xaf', 'xof', 'xpf') THEN 1
    WHEN lower(currency) IN ('bhd', 'jod', 'kwd', 'omr', 'tnd') THEN 1000
    ELSE 100 END::numeric
$$;

-- What RevenueCat's events say and subsync's did not: fixed when the event is written.
ALTER TABLE lifecycle_events
    ADD COLUMN entitlement_ids     text[],
    ADD COLUMN previous_product_id text,                           -- PRODUCT_CHANGE: the product changed from
    ADD COLUMN is_trial_conversion boolean NOT NULL DEFAULT false,  -- the RENEWAL that ends a trial
    ADD COLUMN transferred_from    text,                           -- TRANSFER: the app users involved
    ADD COLUMN transferred_to      text,
    ALTER COLUMN stripe_event_id DROP NOT NULL;                     -- a TRANSFER comes from the admin API
UPDATE lifecycle_events SET entitlement_ids = entitlements_of(state ->> 'product_id');
-- RevenueCat's vocabulary: a refund is CUSTOMER_SUPPORT
UPDATE lifecycle_events SET cancel_reason = 'CUSTOMER_SUPPORT' WHERE cancel_reason = 'REFUND';
UPDATE lifecycle_events SET expiration_reason = 'CUSTOMER_SUPPORT' WHERE expiration_reason = 'REFUND';

CREATE OR REPLACE FUNCTION lifecycle_event_json(e lifecycle_events) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT json_build_object(
    'id', 'lce_' || e.cursor,                       -- unique and stable: the same on every read
    'sequence', e.sequence,
    'cursor', e.cursor,
    'type', e.type,
    'app_user_id', e.app_user_id,
    'original_app_user_id', e.app_user_id,
    'aliases', json_build_array(e.app_user_id),
    'subscription_id', e.subscription_id,
    'original_transaction_id', e.subscription_id,
    'transaction_id', e.state ->> 'latest_invoice_id',
    'stripe_event_id', e.stripe_event_id,
    'product_id', coalesce(e.previous_product_id, e.state ->> 'product_id'),
    'new_product_id', CASE WHEN e.type = 'PRODUCT_CHANGE' THEN e.state ->> 'product_id' END,
    'entitlement_ids', coalesce(e.entitlement_ids, '{}'::text[]),
    'period_type', coalesce(e.period_type, e.state ->> 'period_type'),
    'occurred_at', api_time(e.occurred_at),
    'event_timestamp_ms', epoch_ms(e.occurred_at),
    'purchased_at_ms', epoch_ms(CAST(e.state ->> 'current_period_start' AS timestamptz)),
    'expiration_at_ms', epoch_ms(CAST(e.state ->> 'expires_at' AS timestamptz)),
    'grace_period_expiration_at_ms', CASE WHEN e.type = 'BILLING_ISSUE' AND (e.state ->> 'is_active')::boolean
        THEN epoch_ms(CAST(e.state ->> 'expires_at' AS timestamptz)) END,
    'store', 'STRIPE',
    'environment', CASE e.livemode WHEN true THEN 'PRODUCTION' WHEN false THEN 'SANDBOX' END,
    'price', p.price,
    'price_in_purchased_currency', p.price,
    'currency', upper(e.state ->> 'currency'),
    'cancel_reason', e.cancel_reason,
    'expiration_reason', e.expiration_reason,
    'is_trial_conversion', CASE WHEN e.type = 'RENEWAL' THEN e.is_trial_conversion END,
    'transferred_from', CASE WHEN e.type = 'TRANSFER' THEN json_build_array(e.transferred_from) END,
    'transferred_to', CASE WHEN e.type = 'TRANSFER' THEN json_build_array(e.transferred_to) END,
    'state', e.state)
-- a trial costs nothing; otherwise the price of one period, in its own currency (not converted to USD)
FROM (SELECT CASE WHEN coalesce(e.period_type, e.state ->> 'period_type') = 'TRIAL' THEN 0
                  ELSE major_units((e.state ->> 'price_amount')::bigint, e.state ->> 'currency') END AS price) p
$$;
