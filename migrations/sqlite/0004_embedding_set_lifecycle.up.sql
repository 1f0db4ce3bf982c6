-- Embedding sets get a lifecycle (building → active → previous → retired), the provider that fills
-- them, and per-article freshness, so a provider switch can fill a new set while search keeps using
-- the active one, and a rollback knows which vectors are still current.
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt (SQLite's documented
-- procedure; the runner turns foreign keys off around each step, so dropping the old table does not
-- cascade into the vectors, and checks them before the step commits).
CREATE TABLE embedding_sets_next (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  provider           TEXT NOT NULL,
  model              TEXT NOT NULL,
  dimensions         INTEGER NOT NULL CHECK (dimensions > 0),
  state              TEXT NOT NULL DEFAULT 'building' CHECK (state IN ('building', 'active', 'previous', 'retired')),
  created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  activated_at       TEXT,
  deactivated_at     TEXT,
  provider_plugin    TEXT NOT NULL DEFAULT '',
  provider_settings  TEXT NOT NULL DEFAULT '{}',
  UNIQUE (provider, model, dimensions)
);
-- Before this step nothing moved a set out of 'building'; a database may hold several 'active' ones
-- only if an operator set them by hand. The newest active one stays active.
INSERT INTO embedding_sets_next (id, provider, model, dimensions, state, created_at)
  SELECT id, provider, model, dimensions,
         CASE WHEN state = 'active' AND id <> (SELECT MAX(id) FROM embedding_sets WHERE state = 'active')
              THEN 'retired' ELSE state END,
         created_at
  FROM embedding_sets;
DROP TABLE embedding_sets;
ALTER TABLE embedding_sets_next RENAME TO embedding_sets;
CREATE UNIQUE INDEX idx_embedding_sets_one_active ON embedding_sets (state) WHERE state = 'active';
CREATE UNIQUE INDEX idx_embedding_sets_one_previous ON embedding_sets (state) WHERE state = 'previous';

-- Which text of each article a set's vectors were made from: the article's updated_at when it was
-- read (stale when the article changed since) and the hash of its content.
CREATE TABLE embedding_set_articles (
  embedding_set_id   INTEGER NOT NULL REFERENCES embedding_sets (id) ON DELETE CASCADE,
  article_id         INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  content_hash       TEXT NOT NULL,
  article_updated_at TEXT NOT NULL,
  embedded_at        TEXT NOT NULL,
  PRIMARY KEY (embedding_set_id, article_id)
);
CREATE INDEX idx_embedding_set_articles_article ON embedding_set_articles (article_id);
-- Vectors stored before this step were current when written as far as anything recorded: they count
-- as fresh for the article's present text (the hash was not kept, so it stays empty).
INSERT INTO embedding_set_articles (embedding_set_id, article_id, content_hash, article_updated_at, embedded_at)
  SELECT DISTINCT e.embedding_set_id, e.article_id, '', a.updated_at, a.updated_at
  FROM embeddings e JOIN articles a ON a.id = e.article_id;
