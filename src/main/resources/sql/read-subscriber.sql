-- A subscriber (known once a receipt names them): subscriptions, entitlements by product, latest sequence.
SELECT json_build_object(
    'app_user_id', u.app_user_id,
    'sequence', coalesce((SELECT last_sequence FROM subscribers s WHERE s.app_user_id = u.app_user_id), 0),
    'subscriptions', coalesce(
        (SELECT json_agg(a.summary ORDER BY a.subscription_id)
         FROM subscription_access a WHERE a.app_user_id = u.app_user_id), '[]'::json),
    'entitlements', coalesce(
        (SELECT json_object_agg(e.product_id, json_build_object('is_active', e.is_active, 'expires_at', e.expires_at))
         FROM (SELECT product_id,
                      bool_or(is_active) AS is_active,
                      (array_agg(summary ->> 'expires_at' ORDER BY expires_at DESC NULLS LAST))[1] AS expires_at
               FROM subscription_access
               WHERE app_user_id = u.app_user_id AND product_id IS NOT NULL
               GROUP BY product_id) e), '{}'::json))::text
FROM (SELECT app_user_id FROM receipts WHERE app_user_id = :#${variable.appUserId} LIMIT 1) u
