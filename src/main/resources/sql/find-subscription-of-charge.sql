-- A charge's subscription: through its invoice (API versions before 2025-03-31), else its
-- customer's subscription when the customer has exactly one known subscription.
SELECT coalesce(
    (SELECT subscription_id FROM inbox
      WHERE object_id = :#${variable.event.invoiceId()} AND subscription_id IS NOT NULL
      LIMIT 1),
    (SELECT min(subscription_id) FROM inbox
      WHERE customer_id = :#${variable.event.customerId()} AND subscription_id IS NOT NULL
      HAVING count(DISTINCT subscription_id) = 1))
