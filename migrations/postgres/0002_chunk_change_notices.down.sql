-- Reverts 0002_chunk_change_notices: followers of the change feed go back to polling only.
DROP TRIGGER IF EXISTS embedding_changes_notify ON embedding_changes;
DROP FUNCTION IF EXISTS embedding_changes_notify();
