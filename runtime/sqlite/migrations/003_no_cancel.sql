-- 003: steps made through durgen.WithoutCancel run even after the instance
-- was cancelled.

ALTER TABLE steps ADD COLUMN no_cancel INTEGER NOT NULL DEFAULT 0;
