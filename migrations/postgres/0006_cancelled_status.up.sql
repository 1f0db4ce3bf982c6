-- A task an operator ended (queue clear, emergency stop, a provider or migration rollback) is stored
-- as 'cancelled', no longer as 'failed' with a telling message: failure counts, health and
-- retry-failed then leave it alone by its status alone. (The column's CHECK was named by PostgreSQL
-- after table and column.)
ALTER TABLE embedding_tasks DROP CONSTRAINT embedding_tasks_status_check;
ALTER TABLE embedding_tasks ADD CONSTRAINT embedding_tasks_status_check
  CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled'));

-- Tasks cancelled before this step, recognised by the exact messages that cancelled them: Vellum's
-- `queue clear` and `queue emergency-stop`, and the operations guide's SQL. A worker's own emergency
-- failure carries the operator's free-text reason and cannot be told apart: it stays failed.
UPDATE embedding_tasks SET status = 'cancelled'
WHERE status = 'failed'
  AND (error_message IN ('Cancelled by administrator', 'Emergency stop initiated',
                         'Provider rollback - task cancelled', 'Resource conservation - low priority task cancelled',
                         'Emergency rollback - task cancelled', 'Cancelled due to rollback to synchronous mode')
       OR substr(error_message, 1, 26) = 'Emergency stop initiated: ');
