-- Every accepted Stripe event, once. The event id is Stripe's dedupe key (the same on every retry).
CREATE TABLE inbox (
    event_id    text        PRIMARY KEY,
    type        text        NOT NULL,
    created     timestamptz NOT NULL,          -- Stripe's `created` (whole seconds)
    livemode    boolean     NOT NULL,
    api_version text,
    object_id   text,                          -- data.object.id
    payload     jsonb       NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    status      text        NOT NULL DEFAULT 'received'
);
