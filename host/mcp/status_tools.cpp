// getEmbeddingStatus: whether new writes are being embedded — the provider of the active runtime, the
// queue strategy's state and the embedding tasks by status — so an agent can tell why a fresh article
// does not show up in semantic search yet.
#include "api/embedding_set_json.hpp"
#include "mcp/vellum_catalogue.hpp"

namespace vellum::mcp {

namespace {

sdk::Result<json> task_counts(sdk::StorageBackend& storage) {
  json counts = json::object();
  auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto c = repos.tasks().counts();
    if (!c) return std::move(c).error();
    counts = c->by_status;
    return {};
  });
  if (!read) return read.error();
  return counts;
}

Tool embedding_status(const ToolServices& s) {
  return {"getEmbeddingStatus", "Embedding status",
          "Report semantic indexing status: the embedding provider and model, the embedding sets (the active one "
          "search uses, one being filled during a provider switch with its progress and ETA, the previous one kept "
          "for a rollback), the queue strategy's state, and embedding tasks by status (pending, processing, "
          "completed, failed, and cancelled: ended by an operator, not a failure)",
          {{"type", "object"}, {"properties", json::object()}}, std::nullopt,
          {.read_only = true, .destructive = false, .idempotent = true}, false,
          [s](const json&, RequestContext&) -> ToolResult {
            const auto runtime = s.runtime.current();
            if (!runtime || !runtime->storage.object) return error_result("Storage is not available");
            json out = {{"semanticSearchEnabled", s.semantic_search_enabled}};
            if (runtime->embedding.object) {
              const auto d = runtime->embedding.object->describe();
              out["provider"] = {{"plugin", runtime->embedding.choice.plugin}, {"provider", d.provider},
                                 {"model", d.model}, {"dimensions", d.dimensions}};
            }
            out["embeddingSets"] = api::embedding_lanes_json(runtime->lanes);
            if (runtime->queue.object) {
              const auto q = runtime->queue.object->status();
              out["queue"] = {{"enabled", true}, {"strategy", q.strategy}, {"state", q.state},
                              {"workers", q.workers}, {"inFlight", q.in_flight}, {"detail", q.detail}};
            } else {
              out["queue"] = {{"enabled", false}};
            }
            auto counts = task_counts(*runtime->storage.object);
            if (!counts) return error_result(counts.error());
            out["tasks"] = std::move(counts).value();
            return json_result(out);
          }};
}

}  // namespace

void add_status_tools(Catalogue& catalogue, const ToolServices& services) {
  catalogue.tools.push_back(embedding_status(services));
}

}  // namespace vellum::mcp
