// Writes an article row straight through a storage backend: no version row, no queue task, no
// ArticleService rules. For rigs that need articles the queue or the index has not seen yet.
#pragma once

#include "vellum/sdk/storage.hpp"

namespace vellum::test {

// Inserts `draft` in one transaction and returns its id; fails the running test (Catch2) otherwise.
[[nodiscard]] sdk::ArticleId insert_stored_article(sdk::StorageBackend& storage, const sdk::ArticleDraft& draft);

}  // namespace vellum::test
