-- From inbox to subscriber state. Inbox rows move received -> processing (leased claim) ->
-- applied | stale | parked | dead_lettered; parked rows return to processing when their receipt arrives.
ALTER TABLE inbox
    ADD COLUMN customer_id     text,         -- data.object.customer: events of one customer are resequenced together
    ADD COLUMN subscription_id text,         -- from the payload at ingest, or resolved while processing
    ADD COLUMN app_user_id     text,
    ADD COLUMN claimed_until   timestamptz,  -- lease of a processing claim; expired claims are taken again
    ADD COLUMN parked_at       timestamptz,
    ADD COLUMN processed_at    timestamptz,
    ADD CONSTRAINT inbox_status_known
        CHECK (status IN ('received', 'processing', 'applied', 'stale', 'parked', 'dead_lettered'));

CREATE INDEX inbox_waiting ON inbox (customer_id, received_at) WHERE status IN ('received', 'processing');
CREATE INDEX inbox_parked ON inbox (subscription_id) WHERE status = 'parked';
CREATE INDEX inbox_parked_since ON inbox (parked_at) WHERE status = 'parked';
CREATE INDEX inbox_history ON inbox (subscription_id, created) WHERE status IN ('applied', 'stale');
CREATE INDEX inbox_by_object ON inbox (object_id) WHERE subscription_id IS NOT NULL;
CREATE INDEX inbox_by_customer ON inbox (customer_id) WHERE subscription_id IS NOT NULL;

-- The app's registration of a purchase: which of its users a Stripe subscription belongs to.
CREATE TABLE receipts (
    fetch_token text        PRIMARY KEY,      -- the Stripe subscription id, sub_...
    app_user_id text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX receipts_by_user ON receipts (app_user_id);

-- Derived state per subscription: `state` is the whole SubscriptionState (with the evidence the
-- derivation keeps), `summary` the part apps see.
CREATE TABLE subscriptions (
    subscription_id    text        PRIMARY KEY,
    app_user_id        text        NOT NULL,
    state              jsonb       NOT NULL,
    summary            jsonb       NOT NULL,
    last_event_id      text        NOT NULL,
    last_event_created timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscriptions_by_user ON subscriptions (app_user_id);

-- Per-subscriber sequence counter: lifecycle sequences are allocated here, gap-free.
CREATE TABLE subscribers (
    app_user_id   text   PRIMARY KEY,
    last_sequence bigint NOT NULL
);

CREATE TABLE lifecycle_events (
    cursor            bigserial   PRIMARY KEY,  -- global order; allocated under a lock so it commits in order
    app_user_id       text        NOT NULL,
    sequence          bigint      NOT NULL,
    type              text        NOT NULL,
    subscription_id   text        NOT NULL,
    stripe_event_id   text        NOT NULL,
    occurred_at       timestamptz NOT NULL,
    period_type       text,
    cancel_reason     text,
    expiration_reason text,
    state             jsonb       NOT NULL,     -- the subscription's state after this event
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (app_user_id, sequence)
);

CREATE TABLE dead_letters (
    id               bigserial   PRIMARY KEY,
    event_id         text        NOT NULL UNIQUE,
    payload          jsonb       NOT NULL,
    reason           text        NOT NULL,
    error_message    text        NOT NULL,
    route_id         text,
    attempts         integer     NOT NULL,
    first_failed_at  timestamptz NOT NULL DEFAULT now(),
    last_failed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dead_letters_by_reason ON dead_letters (reason, id);

-- The read rule for access, in one place: past_due keeps access only until the period it is in ends.
CREATE VIEW subscription_access AS
SELECT a.subscription_id,
       a.app_user_id,
       a.summary || jsonb_build_object('is_active', a.is_active) AS summary,
       a.is_active,
       a.expires_at,
       a.product_id
FROM (SELECT s.subscription_id,
             s.app_user_id,
             s.summary,
             (s.summary ->> 'is_active')::boolean
                 AND NOT (s.summary ->> 'status' = 'past_due'
                          AND (s.summary ->> 'expires_at')::timestamptz <= now()) AS is_active,
             (s.summary ->> 'expires_at')::timestamptz AS expires_at,
             s.summary ->> 'product_id' AS product_id
      FROM subscriptions s) a;
