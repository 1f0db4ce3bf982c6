-- Embedding sets get a lifecycle (building → active → previous → retired), the provider that fills
-- them, and per-article freshness, so a provider switch can fill a new set while search keeps using
-- the active one, and a rollback knows which vectors are still current.
ALTER TABLE embedding_sets DROP CONSTRAINT IF EXISTS embedding_sets_state_check;
-- Before this step nothing moved a set out of 'building'; a database may hold several 'active' ones
-- only if an operator set them by hand. The newest active one stays active.
UPDATE embedding_sets SET state = 'retired'
  WHERE state = 'active' AND id <> (SELECT MAX(id) FROM embedding_sets WHERE state = 'active');
ALTER TABLE embedding_sets
  ADD CONSTRAINT embedding_sets_state_check CHECK (state IN ('building', 'active', 'previous', 'retired')),
  ADD COLUMN activated_at      TIMESTAMPTZ,
  ADD COLUMN deactivated_at    TIMESTAMPTZ,
  ADD COLUMN provider_plugin   TEXT NOT NULL DEFAULT '',
  ADD COLUMN provider_settings TEXT NOT NULL DEFAULT '{}';
CREATE UNIQUE INDEX idx_embedding_sets_one_active ON embedding_sets (state) WHERE state = 'active';
CREATE UNIQUE INDEX idx_embedding_sets_one_previous ON embedding_sets (state) WHERE state = 'previous';

-- Which text of each article a set's vectors were made from: the article's updated_at when it was
-- read (stale when the article changed since) and the hash of its content.
CREATE TABLE embedding_set_articles (
  embedding_set_id   BIGINT NOT NULL REFERENCES embedding_sets (id) ON DELETE CASCADE,
  article_id         BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  content_hash       TEXT NOT NULL,
  article_updated_at TIMESTAMPTZ NOT NULL,
  embedded_at        TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (embedding_set_id, article_id)
);
CREATE INDEX idx_embedding_set_articles_article ON embedding_set_articles (article_id);
-- Vectors stored before this step were current when written as far as anything recorded: they count
-- as fresh for the article's present text (the hash was not kept, so it stays empty).
INSERT INTO embedding_set_articles (embedding_set_id, article_id, content_hash, article_updated_at, embedded_at)
  SELECT DISTINCT e.embedding_set_id, e.article_id, '', a.updated_at, a.updated_at
  FROM embeddings e JOIN articles a ON a.id = e.article_id;
