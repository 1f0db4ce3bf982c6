-- Vellum schema, SQLite dialect. Timestamps are TEXT 'YYYY-MM-DDTHH:MM:SS.mmmZ' (UTC), so text order
-- is time order; booleans are 0/1; JSON is TEXT; vectors are little-endian float32 BLOBs.
-- Table and column names follow the reference tool, so operators' SQL keeps working.

CREATE TABLE articles (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  title      TEXT NOT NULL,
  slug       TEXT NOT NULL UNIQUE,
  content    TEXT NOT NULL,
  folder     TEXT NOT NULL DEFAULT '',
  metadata   TEXT NOT NULL DEFAULT '{}',
  is_public  BOOLEAN NOT NULL DEFAULT 0,
  no_rag     BOOLEAN NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  created_by TEXT,
  updated_by TEXT
);
CREATE INDEX idx_articles_folder ON articles (folder);
CREATE INDEX idx_articles_updated_at ON articles (updated_at DESC);
CREATE INDEX idx_articles_is_public ON articles (is_public);

CREATE TABLE article_versions (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  article_id     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  version_number INTEGER NOT NULL,
  title          TEXT NOT NULL,
  content        TEXT NOT NULL,
  folder         TEXT NOT NULL DEFAULT '',
  metadata       TEXT NOT NULL DEFAULT '{}',
  message        TEXT,
  content_hash   TEXT NOT NULL,
  size_bytes     INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  created_by     TEXT,
  UNIQUE (article_id, version_number)
);
CREATE INDEX idx_article_versions_created_at ON article_versions (created_at DESC);

-- Keyword search: an external-content FTS5 index over articles(title, content), kept in step by
-- triggers (the 'delete' command needs the old values, which the triggers pass).
CREATE VIRTUAL TABLE articles_fts USING fts5 (
  title, content, content = 'articles', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_after_insert AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts (rowid, title, content) VALUES (new.id, new.title, new.content);
END;
CREATE TRIGGER articles_fts_after_delete AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, title, content) VALUES ('delete', old.id, old.title, old.content);
END;
CREATE TRIGGER articles_fts_after_update AFTER UPDATE OF title, content ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, title, content) VALUES ('delete', old.id, old.title, old.content);
  INSERT INTO articles_fts (rowid, title, content) VALUES (new.id, new.title, new.content);
END;

-- One embedding set per (provider, model, dimensions): vectors of different models never mix.
CREATE TABLE embedding_sets (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  provider   TEXT NOT NULL,
  model      TEXT NOT NULL,
  dimensions INTEGER NOT NULL CHECK (dimensions > 0),
  state      TEXT NOT NULL DEFAULT 'building' CHECK (state IN ('building', 'active', 'retired')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (provider, model, dimensions)
);

-- Chunks and their vectors, per embedding set.
CREATE TABLE embeddings (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  embedding_set_id INTEGER NOT NULL REFERENCES embedding_sets (id) ON DELETE CASCADE,
  article_id       INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  chunk_id         TEXT NOT NULL,
  chunk_index      INTEGER NOT NULL CHECK (chunk_index >= 0),
  heading_path     TEXT NOT NULL DEFAULT '[]',
  text_content     TEXT NOT NULL,
  content_hash     TEXT NOT NULL,
  vector           BLOB,
  seq              INTEGER NOT NULL DEFAULT 0,
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (embedding_set_id, article_id, chunk_index)
);
CREATE INDEX idx_embeddings_article_id ON embeddings (article_id);
CREATE INDEX idx_embeddings_chunk_id ON embeddings (chunk_id);

-- Change feed: every write of an article's chunks in a set gets a strictly increasing seq, so each
-- process can bring its in-memory vector index up to date.
CREATE TABLE embedding_changes (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  embedding_set_id INTEGER NOT NULL,
  article_id       INTEGER NOT NULL,
  changed_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
-- Deleting an article (by the API or by hand) removes its chunks by cascade; record that in the
-- feed before the rows go.
CREATE TRIGGER embeddings_feed_article_delete BEFORE DELETE ON articles BEGIN
  INSERT INTO embedding_changes (embedding_set_id, article_id)
    SELECT DISTINCT embedding_set_id, old.id FROM embeddings WHERE article_id = old.id;
END;

-- The durable queue (queue-spec §2.2), plus leases and the embedding set a task is for.
CREATE TABLE embedding_tasks (
  id               TEXT PRIMARY KEY,
  article_id       INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  slug             TEXT NOT NULL,
  operation        TEXT NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
  priority         TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('high', 'normal', 'low')),
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
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
-- Coalescing: at most one pending task per article and embedding set (NULL set = the active set(s)).
CREATE UNIQUE INDEX idx_embedding_tasks_one_pending
  ON embedding_tasks (article_id, COALESCE(embedding_set_id, 0)) WHERE status = 'pending';
CREATE INDEX idx_embedding_tasks_claim ON embedding_tasks (status, scheduled_at, created_at);
CREATE INDEX idx_embedding_tasks_article_id ON embedding_tasks (article_id, status);
CREATE INDEX idx_embedding_tasks_created_at ON embedding_tasks (created_at);
CREATE INDEX idx_embedding_tasks_lease ON embedding_tasks (lease_expires_at) WHERE status = 'processing';

-- Row id = 1 is the operators' control row (desired state); every other row is one worker process.
CREATE TABLE embedding_worker_status (
  id               INTEGER PRIMARY KEY,
  worker_id        TEXT UNIQUE,
  hostname         TEXT,
  pid              INTEGER,
  version          TEXT,
  is_running       BOOLEAN NOT NULL DEFAULT 1,
  draining         BOOLEAN NOT NULL DEFAULT 0,
  emergency_reason TEXT,
  started_at       TEXT,
  last_heartbeat   TEXT,
  tasks_processed  INTEGER NOT NULL DEFAULT 0,
  tasks_succeeded  INTEGER NOT NULL DEFAULT 0,
  tasks_failed     INTEGER NOT NULL DEFAULT 0,
  updated_at       TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK ((id = 1 AND worker_id IS NULL) OR (id <> 1 AND worker_id IS NOT NULL))
);
INSERT INTO embedding_worker_status (id, is_running) VALUES (1, 1);

CREATE TABLE embedding_audit_logs (
  id           TEXT PRIMARY KEY,
  timestamp    TEXT NOT NULL,
  level        TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
  category     TEXT NOT NULL CHECK (category IN ('task_lifecycle', 'worker_status', 'queue_operations',
                                                 'performance', 'error_handling', 'bulk_operations')),
  message      TEXT NOT NULL,
  task_id      TEXT,
  article_id   INTEGER,
  operation_id TEXT,
  metadata     TEXT DEFAULT '{}',
  duration     NUMERIC,
  error        TEXT,
  stack_trace  TEXT
);
CREATE INDEX idx_audit_logs_timestamp ON embedding_audit_logs (timestamp);
CREATE INDEX idx_audit_logs_level ON embedding_audit_logs (level);
CREATE INDEX idx_audit_logs_category ON embedding_audit_logs (category);
CREATE INDEX idx_audit_logs_task_id ON embedding_audit_logs (task_id);
CREATE INDEX idx_audit_logs_article_id ON embedding_audit_logs (article_id);
CREATE INDEX idx_audit_logs_operation_id ON embedding_audit_logs (operation_id);

CREATE TABLE performance_metrics (
  id           TEXT PRIMARY KEY,
  timestamp    TEXT NOT NULL,
  metric_type  TEXT NOT NULL,
  value        NUMERIC NOT NULL,
  unit         TEXT NOT NULL,
  task_id      TEXT,
  article_id   INTEGER,
  operation_id TEXT,
  metadata     TEXT DEFAULT '{}'
);
CREATE INDEX idx_performance_metrics_timestamp ON performance_metrics (timestamp);
CREATE INDEX idx_performance_metrics_type ON performance_metrics (metric_type);
CREATE INDEX idx_performance_metrics_task_id ON performance_metrics (task_id);
CREATE INDEX idx_performance_metrics_article_id ON performance_metrics (article_id);
CREATE INDEX idx_performance_metrics_operation_id ON performance_metrics (operation_id);
CREATE INDEX idx_performance_metrics_type_timestamp ON performance_metrics (metric_type, timestamp);

-- API keys: only the sha256 of the secret is stored, with its last characters for display.
CREATE TABLE access_tokens (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  name         TEXT NOT NULL UNIQUE,
  scope        TEXT NOT NULL CHECK (scope IN ('read-only', 'write')),
  token_hash   TEXT NOT NULL UNIQUE,
  token_hint   TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  last_used_at TEXT
);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
