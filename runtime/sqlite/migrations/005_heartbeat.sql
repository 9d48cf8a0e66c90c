-- 005: the details of an activity's last heartbeat, read by its next
-- attempt (resume a long upload where it stopped).

ALTER TABLE steps ADD COLUMN heartbeat TEXT;
