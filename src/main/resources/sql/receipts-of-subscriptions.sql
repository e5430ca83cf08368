-- The app user of each subscription's receipt, for the subscriptions of a claim (comma-separated);
-- a subscription without a receipt comes back with a null app_user_id, so that its events park.
SELECT s.subscription_id, r.app_user_id
FROM unnest(string_to_array(:#${variable.subscriptionIds}, ',')) AS s(subscription_id)
LEFT JOIN receipts r ON r.fetch_token = s.subscription_id
