-- A subscriber in RevenueCat's v1 shape, for GET /v1/subscribers/{app_user_id} and POST /v1/receipts.
-- An app_user_id without a receipt is an empty subscriber, as RevenueCat answers; nothing is stored.
-- Subscriptions are keyed by product and entitlements by id, each shown by the subscription that
-- grants access longest; subsync's own fields (sequence, subscription_id, status, ...) beside them.
WITH req AS (
    SELECT CAST(:#${variable.appUserId} AS text) AS app_user_id, now() AS at
), subs AS (
    SELECT a.subscription_id, a.product_id, a.is_active, a.expires_at, a.summary,
           a.summary ->> 'status' = 'past_due' AND a.is_active AS in_grace_period
    FROM subscription_access a JOIN req ON a.app_user_id = req.app_user_id
), by_product AS (
    SELECT DISTINCT ON (product_id) * FROM subs WHERE product_id IS NOT NULL
    ORDER BY product_id, is_active DESC, expires_at DESC NULLS LAST, subscription_id
), by_entitlement AS (
    SELECT DISTINCT ON (e.entitlement_id) e.entitlement_id, s.*
    FROM subs s CROSS JOIN LATERAL unnest(entitlements_of(s.product_id)) AS e(entitlement_id)
    ORDER BY e.entitlement_id, s.is_active DESC, s.expires_at DESC NULLS LAST, s.subscription_id
), seen AS (
    SELECT min(created_at) AS first_seen, max(created_at) AS last_seen
    FROM receipts WHERE app_user_id = (SELECT app_user_id FROM req)
)
SELECT json_build_object(
    'request_date', api_time(req.at),
    'request_date_ms', epoch_ms(req.at),
    'subscriber', json_build_object(
        'original_app_user_id', req.app_user_id,
        'first_seen', api_time(coalesce(seen.first_seen, req.at)),
        'last_seen', api_time(coalesce(seen.last_seen, req.at)),
        'management_url', NULL,
        'entitlements', coalesce((SELECT json_object_agg(g.entitlement_id, json_build_object(
            'expires_date', api_time(g.expires_at),
            'purchase_date', api_time(CAST(g.summary ->> 'current_period_start' AS timestamptz)),
            'product_identifier', g.product_id,
            'grace_period_expires_date', CASE WHEN g.in_grace_period THEN api_time(g.expires_at) END,
            'is_active', g.is_active) ORDER BY g.entitlement_id) FROM by_entitlement g), '{}'::json),
        'subscriptions', coalesce((SELECT json_object_agg(s.product_id, json_build_object(
            'expires_date', api_time(s.expires_at),
            'purchase_date', api_time(CAST(s.summary ->> 'current_period_start' AS timestamptz)),
            'original_purchase_date', api_time(CAST(coalesce(s.summary ->> 'start_date',
                                                              s.summary ->> 'current_period_start') AS timestamptz)),
            'period_type', lower(coalesce(s.summary ->> 'period_type', 'normal')),
            'store', 'stripe',
            'is_sandbox', (s.summary ->> 'livemode')::boolean IS FALSE,
            'unsubscribe_detected_at', api_time(CAST(s.summary ->> 'unsubscribe_detected_at' AS timestamptz)),
            'billing_issues_detected_at', api_time(CAST(s.summary ->> 'billing_issue_detected_at' AS timestamptz)),
            'grace_period_expires_date', CASE WHEN s.in_grace_period THEN api_time(s.expires_at) END,
            'refunded_at', api_time(CAST(s.summary ->> 'refunded_at' AS timestamptz)),
            'auto_resume_date', NULL,
            'ownership_type', 'PURCHASED',
            'store_transaction_id', s.summary ->> 'latest_invoice_id',
            'subscription_id', s.subscription_id,
            'price_id', s.summary ->> 'price_id',
            'status', s.summary ->> 'status',
            'is_active', s.is_active,
            'will_renew', (s.summary ->> 'will_renew')::boolean,
            'current_period_end', api_time(CAST(s.summary ->> 'current_period_end' AS timestamptz)))
            ORDER BY s.product_id) FROM by_product s), '{}'::json),
        'non_subscriptions', '{}'::json,
        'other_purchases', '{}'::json,
        'subscriber_attributes', '{}'::json,
        'sequence', coalesce((SELECT last_sequence FROM subscribers u WHERE u.app_user_id = req.app_user_id), 0)
    ))::text
FROM req, seen
