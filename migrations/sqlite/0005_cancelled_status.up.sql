-- A task an operator ended (queue clear, emergency stop, a provider or migration rollback) is stored
-- as 'cancelled', no longer as 'failed' with a telling message: failure counts, health and
-- retry-failed then leave it alone by its status alone.
--
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt: new table, copy, drop,
-- rename, indexes again. Nothing references embedding_tasks, so foreign keys need no switching off.
-- The copy is `SELECT *` on purpose: should an earlier step have added a column this one does not
-- know, the copy fails ("has 17 columns but 18 values were supplied") instead of dropping it.
CREATE TABLE embedding_tasks_rebuilt (
  id               TEXT PRIMARY KEY,
  article_id       INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  slug             TEXT NOT NULL,
  operation        TEXT NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
  priority         TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('high', 'normal', 'low')),
  status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  max_attempts     INTEGER NOT NULL DEFAULT 3,
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  scheduled_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  processed_at     TEXT,
  completed_at     TEXT,
  error_message    TEXT,
  metadata         TEXT DEFAULT '{}',
  claimed_by       TEXT,
  lease_expires_at TEXT,
  embedding_set_id INTEGER REFERENCES embedding_sets (id) ON DELETE CASCADE
);
INSERT INTO embedding_tasks_rebuilt SELECT * FROM embedding_tasks;
DROP TABLE embedding_tasks;
ALTER TABLE embedding_tasks_rebuilt RENAME TO embedding_tasks;

CREATE UNIQUE INDEX idx_embedding_tasks_one_pending
  ON embedding_tasks (article_id, COALESCE(embedding_set_id, 0)) WHERE status = 'pending';
CREATE INDEX idx_embedding_tasks_claim ON embedding_tasks (status, scheduled_at, created_at);
CREATE INDEX idx_embedding_tasks_article_id ON embedding_tasks (article_id, status);
CREATE INDEX idx_embedding_tasks_created_at ON embedding_tasks (created_at);
CREATE INDEX idx_embedding_tasks_lease ON embedding_tasks (lease_expires_at) WHERE status = 'processing';
CREATE INDEX idx_embedding_tasks_due
  ON embedding_tasks ((CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END), scheduled_at, created_at, id)
  WHERE status = 'pending';

-- Tasks cancelled before this step, recognised by the exact messages that cancelled them: Vellum's
-- `queue clear` and `queue emergency-stop`, and the operations guide's SQL. A worker's own emergency
-- failure carries the operator's free-text reason and cannot be told apart: it stays failed.
UPDATE embedding_tasks SET status = 'cancelled'
WHERE status = 'failed'
  AND (error_message IN ('Cancelled by administrator', 'Emergency stop initiated',
                         'Provider rollback - task cancelled', 'Resource conservation - low priority task cancelled',
                         'Emergency rollback - task cancelled', 'Cancelled due to rollback to synchronous mode')
       OR substr(error_message, 1, 26) = 'Emergency stop initiated: ');
