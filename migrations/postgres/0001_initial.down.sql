-- Reverts 0001_initial completely: children before parents; triggers go with their tables, then
-- the trigger function.
DROP TABLE IF EXISTS settings;
DROP TABLE IF EXISTS access_tokens;
DROP TABLE IF EXISTS performance_metrics;
DROP TABLE IF EXISTS embedding_audit_logs;
DROP TABLE IF EXISTS embedding_worker_status;
DROP TABLE IF EXISTS embedding_tasks;
DROP TABLE IF EXISTS embedding_changes;
DROP TABLE IF EXISTS embeddings;
DROP TABLE IF EXISTS embedding_sets;
DROP TABLE IF EXISTS article_versions;
DROP TABLE IF EXISTS articles;
DROP FUNCTION IF EXISTS embeddings_feed_article_delete();
