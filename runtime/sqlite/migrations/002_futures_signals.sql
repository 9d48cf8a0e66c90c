-- 002: futures (durgen.Go / Future.Get), signals (durgen.Receive) and
-- cancellation.
--
-- A "go" step runs an activity without resuming the workflow; a "get" step
-- waits (status 'waiting') until the go step it names in waits_for is done.
-- A "receive" step waits for the oldest unconsumed signal of its name, or
-- until its deadline.

ALTER TABLE steps ADD COLUMN waits_for INTEGER;
ALTER TABLE steps ADD COLUMN signal TEXT;
ALTER TABLE steps ADD COLUMN deadline INTEGER;

CREATE INDEX steps_waiting ON steps (instance_id, waits_for) WHERE status = 'waiting';
CREATE INDEX steps_deadline ON steps (deadline) WHERE status = 'waiting' AND deadline IS NOT NULL;

-- Signals are kept in the order they were sent; step records the receive
-- that consumed one.
CREATE TABLE signals (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	instance_id TEXT    NOT NULL REFERENCES instances (id),
	name        TEXT    NOT NULL,
	payload     TEXT    NOT NULL,
	sent_at     INTEGER NOT NULL,
	step        INTEGER
) STRICT;

CREATE INDEX signals_pending ON signals (instance_id, name, seq) WHERE step IS NULL;

ALTER TABLE instances ADD COLUMN canceled INTEGER NOT NULL DEFAULT 0;
