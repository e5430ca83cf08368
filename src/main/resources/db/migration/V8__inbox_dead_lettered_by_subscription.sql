-- A late receipt releases its subscription's events dead-lettered as receipt_not_found
-- (sql/release-parked-events.sql): find them without scanning the inbox.
CREATE INDEX inbox_dead_lettered ON inbox (subscription_id) WHERE status = 'dead_lettered';
