-- 007: an append-only history per instance, written in the transaction of
-- the change it records.

CREATE TABLE history (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	instance_id TEXT    NOT NULL,
	step        INTEGER,
	at          INTEGER NOT NULL, -- clock time
	event       TEXT    NOT NULL, -- started | scheduled | claimed | completed | failed | retried | signalled | cancel_requested | ended
	detail      TEXT              -- JSON
) STRICT;

CREATE INDEX history_instance ON history (instance_id, seq);
CREATE INDEX history_at ON history (at);
