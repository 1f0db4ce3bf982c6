-- Gives the database its dataset id: the host compares it before a reload switches a running server
-- onto another database, and refuses one that holds another dataset. Written once, here; `vellum
-- copy` carries it with the other settings, so a copy holds the same dataset as its source. The key
-- is sdk::kDatasetIdSetting.
INSERT INTO settings (key, value) VALUES ('dataset.id', replace(CAST(gen_random_uuid() AS TEXT), '-', ''))
  ON CONFLICT (key) DO NOTHING;
