#include "support/stored_article.hpp"

#include <catch2/catch.hpp>

namespace vellum::test {

sdk::ArticleId insert_stored_article(sdk::StorageBackend& storage, const sdk::ArticleDraft& draft) {
  sdk::ArticleId id = 0;
  auto written = storage.transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto inserted = repos.articles().insert(draft);
    if (!inserted) return std::move(inserted).error();
    id = inserted.value().id;
    return {};
  });
  if (!written) FAIL(written.error().message);
  return id;
}

}  // namespace vellum::test
