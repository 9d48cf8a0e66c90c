-- 006: the undo steps a workflow registered with durgen.Compensate, in
-- registration order (JSON), run in reverse if it fails or is cancelled.

ALTER TABLE instances ADD COLUMN compensations TEXT;
