-- Push: one row per lifecycle event sent to the app's webhook endpoint (and per TEST event). A row
-- is written before its first attempt and marked delivered only after a 2xx. A subscriber's rows go
-- out in sequence order: only the lowest pending one of each subscriber can be claimed.
CREATE TABLE webhook_deliveries (
    id               bigserial   PRIMARY KEY,
    cursor           bigint      UNIQUE REFERENCES lifecycle_events (cursor) ON DELETE CASCADE,  -- null: TEST
    app_user_id      text,                     -- null: TEST events, which queue among themselves
    sequence         bigint      NOT NULL,
    test_event       json,                     -- the event of a TEST delivery
    status           text        NOT NULL DEFAULT 'pending'
        CONSTRAINT webhook_delivery_status_known CHECK (status IN ('pending', 'delivered', 'dead_lettered')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    first_attempt_at timestamptz,
    last_attempt_at  timestamptz,
    last_status      integer,                  -- the HTTP status of the last attempt; null: no answer
    last_error       text,
    claimed_by       text,                     -- the instance sending it, until claimed_until
    claimed_until    timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (app_user_id, sequence) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_claimed ON webhook_deliveries (claimed_by) WHERE claimed_by IS NOT NULL;
CREATE INDEX webhook_deliveries_by_status ON webhook_deliveries (status, id);

-- How far the lifecycle events have been queued for push. Set to the latest cursor when push is first
-- enabled, so existing events are not pushed; cursors commit in order, so none is skipped after that.
CREATE TABLE webhook_push_position (
    endpoint    text   PRIMARY KEY,           -- 'default': the one configured endpoint
    last_cursor bigint NOT NULL
);
