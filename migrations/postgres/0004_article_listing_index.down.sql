-- Reverts 0004_article_listing_index: the index on updated_at alone, as before.
CREATE INDEX idx_articles_updated_at ON articles (updated_at DESC);
DROP INDEX IF EXISTS idx_articles_listing;
