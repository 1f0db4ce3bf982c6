-- Reverts 0002_claim_order_index: claims sort the pending tasks again.
DROP INDEX IF EXISTS idx_embedding_tasks_due;
