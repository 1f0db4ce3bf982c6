#include "embeddings/set_report.hpp"

namespace vellum::embeddings {

sdk::Result<std::vector<SetReport>> report_sets(sdk::StorageBackend& storage) {
  std::vector<SetReport> out;
  auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    out.clear();
    auto sets = repos.embedding_sets().list();
    if (!sets) return std::move(sets).error();
    for (const auto& set : sets.value()) {
      SetReport report{set, {}, 0};
      auto coverage = repos.embedding_sets().coverage(set.id);
      if (!coverage) return std::move(coverage).error();
      report.coverage = coverage.value();
      auto vectors = repos.chunks().count_chunks(set.id);
      if (!vectors) return std::move(vectors).error();
      report.vectors = vectors.value();
      out.push_back(std::move(report));
    }
    return {};
  });
  if (!read) return read.error();
  return out;
}

}  // namespace vellum::embeddings
