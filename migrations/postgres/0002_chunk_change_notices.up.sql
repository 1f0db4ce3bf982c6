-- Wakes the servers following the chunk change feed (LISTEN vellum_chunks) when a transaction that
-- wrote the feed commits, instead of at their next poll. The payload is the schema, so servers of
-- other installations in the same database ignore the notice. NOTIFY is transactional: sent on
-- COMMIT, dropped on ROLLBACK, and one transaction's identical notices arrive as one.
CREATE FUNCTION embedding_changes_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('vellum_chunks', TG_TABLE_SCHEMA);
  RETURN NULL;
END
$$;
CREATE TRIGGER embedding_changes_notify AFTER INSERT ON embedding_changes
  FOR EACH STATEMENT EXECUTE FUNCTION embedding_changes_notify();
