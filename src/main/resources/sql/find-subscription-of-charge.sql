-- The subscription of an event that names none, only by links Stripe gives, never by a guess:
-- - an invoice payment, or a charge of an API version before 2025-03-31: through the invoice it names;
-- - a charge from 2025-03-31 on: through its payment intent, to the invoice_payment.paid event of the
--   same payment intent, to that invoice.
-- A charge that cannot be linked (a one-off purchase, or its invoice payment not received yet) finds
-- nothing and is dead-lettered, so it can never end a subscription's access.
SELECT coalesce(
    (SELECT subscription_id FROM inbox
      WHERE object_id = :#${variable.event.invoiceId()} AND subscription_id IS NOT NULL
      LIMIT 1),
    (SELECT invoice.subscription_id
       FROM inbox payment
       JOIN inbox invoice ON invoice.object_id = payment.payload -> 'data' -> 'object' ->> 'invoice'
                         AND invoice.subscription_id IS NOT NULL
      WHERE payment.type = 'invoice_payment.paid'
        AND payment.payload -> 'data' -> 'object' -> 'payment' ->> 'payment_intent' = :#${variable.event.paymentIntentId()}
      LIMIT 1))
