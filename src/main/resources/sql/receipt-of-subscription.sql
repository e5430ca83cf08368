-- The app user of the subscription's receipt; none: the event parks until the receipt is posted.
SELECT app_user_id FROM receipts WHERE fetch_token = :#${variable.subscriptionId}
