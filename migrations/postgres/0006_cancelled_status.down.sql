-- Reverts 0006_cancelled_status: cancelled tasks become failed again (their message says why), and
-- the CHECK constraint knows no 'cancelled'.
UPDATE embedding_tasks SET status = 'failed' WHERE status = 'cancelled';
ALTER TABLE embedding_tasks DROP CONSTRAINT embedding_tasks_status_check;
ALTER TABLE embedding_tasks ADD CONSTRAINT embedding_tasks_status_check
  CHECK (status IN ('pending', 'processing', 'completed', 'failed'));
