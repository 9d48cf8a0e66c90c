-- 001: instances and their steps.
--
-- Times are integers: Unix nanoseconds. ready_at, created_at, updated_at and
-- done_at are on the engine's clock (possibly scaled or fake); lease_expires
-- is wall-clock time (see runtime.Store).

CREATE TABLE instances (
	id         TEXT    NOT NULL PRIMARY KEY,
	workflow   TEXT    NOT NULL,
	shape      TEXT    NOT NULL,
	status     TEXT    NOT NULL, -- running | completed | failed | incompatible
	pc         INTEGER NOT NULL DEFAULT 0,
	frame      TEXT    NOT NULL, -- JSON: label and named locals
	next_step  INTEGER NOT NULL DEFAULT 1,
	input      TEXT    NOT NULL,
	output     TEXT,
	error      TEXT,
	version    INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX instances_created ON instances (created_at DESC);

-- Several rows per instance may be outstanding at once (futures, timers and
-- signals race in one workflow), so the step, not the instance, carries the
-- lease and the fencing token.
CREATE TABLE steps (
	instance_id     TEXT    NOT NULL REFERENCES instances (id),
	step            INTEGER NOT NULL,
	kind            TEXT    NOT NULL, -- start | call | sleep
	pc              INTEGER NOT NULL, -- label resumed when the step is resolved
	activity        TEXT    NOT NULL DEFAULT '',
	input           TEXT,
	options         TEXT,
	idempotency_key TEXT    NOT NULL,
	status          TEXT    NOT NULL, -- ready | running | done
	attempt         INTEGER NOT NULL DEFAULT 0,
	ready_at        INTEGER NOT NULL,
	lease_owner     TEXT,
	lease_expires   INTEGER,
	fence           INTEGER NOT NULL DEFAULT 0,
	result          TEXT,
	error           TEXT,
	created_at      INTEGER NOT NULL,
	done_at         INTEGER,
	PRIMARY KEY (instance_id, step)
) STRICT;

-- The claim query's index: only outstanding steps, in wake-up order.
CREATE INDEX steps_ready ON steps (status, ready_at) WHERE status <> 'done';
CREATE INDEX steps_lease ON steps (lease_expires) WHERE status = 'running';
