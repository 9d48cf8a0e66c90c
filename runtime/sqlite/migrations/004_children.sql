-- 004: child workflows. A child instance names the parent step that waits
-- for it (a "child" step resumes the parent; a "spawn" step is a future).

ALTER TABLE instances ADD COLUMN parent_id TEXT;
ALTER TABLE instances ADD COLUMN parent_step INTEGER;

CREATE INDEX instances_parent ON instances (parent_id) WHERE parent_id IS NOT NULL;
