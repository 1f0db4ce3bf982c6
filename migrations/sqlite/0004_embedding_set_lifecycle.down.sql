-- Reverts 0004_embedding_set_lifecycle: the three-state table as before ('previous' sets become
-- 'retired'); freshness and the recorded providers are dropped.
DROP TABLE embedding_set_articles;
CREATE TABLE embedding_sets_prior (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  provider   TEXT NOT NULL,
  model      TEXT NOT NULL,
  dimensions INTEGER NOT NULL CHECK (dimensions > 0),
  state      TEXT NOT NULL DEFAULT 'building' CHECK (state IN ('building', 'active', 'retired')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (provider, model, dimensions)
);
INSERT INTO embedding_sets_prior (id, provider, model, dimensions, state, created_at)
  SELECT id, provider, model, dimensions, CASE WHEN state = 'previous' THEN 'retired' ELSE state END, created_at
  FROM embedding_sets;
DROP TABLE embedding_sets;
ALTER TABLE embedding_sets_prior RENAME TO embedding_sets;
