-- From API version 2025-03-31 a charge names no invoice; the invoice_payment.paid event names the
-- invoice and the payment intent that paid it, and the charge names its payment intent. This finds an
-- invoice payment by its payment intent (sql/find-subscription-of-charge.sql).
CREATE INDEX inbox_invoice_payment_by_payment_intent
    ON inbox ((payload -> 'data' -> 'object' -> 'payment' ->> 'payment_intent'))
    WHERE type = 'invoice_payment.paid';
