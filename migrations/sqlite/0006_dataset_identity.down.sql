-- Reverts 0006_dataset_identity: the database no longer says which dataset it holds.
DELETE FROM settings WHERE key = 'dataset.id';
