-- Reverts 0005_embedding_set_lifecycle: three states as before ('previous' sets become 'retired');
-- freshness and the recorded providers are dropped.
DROP TABLE embedding_set_articles;
DROP INDEX IF EXISTS idx_embedding_sets_one_active;
DROP INDEX IF EXISTS idx_embedding_sets_one_previous;
UPDATE embedding_sets SET state = 'retired' WHERE state = 'previous';
ALTER TABLE embedding_sets
  DROP CONSTRAINT embedding_sets_state_check,
  DROP COLUMN activated_at,
  DROP COLUMN deactivated_at,
  DROP COLUMN provider_plugin,
  DROP COLUMN provider_settings,
  ADD CONSTRAINT embedding_sets_state_check CHECK (state IN ('building', 'active', 'retired'));
