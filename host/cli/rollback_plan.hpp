// `vellum rollback-plan`: the operations guide's scenarios written out for one live deployment — its
// runtime (plugins and versions, configuration file and generation), whether the previous embedding
// set allows an instant provider rollback and until when, the latest backup, the queue — with, for
// each scenario, the exact commands for this deployment and what to check afterwards.
//
// build_plan is pure: it reads the documents the server answered (GET /api/admin/runtime,
// /api/embedding-sets, /api/queue/status) and the local backup record, so what it concludes is
// tested without a server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "datamove/backup_catalog.hpp"

namespace vellum::cli::rollback_plan {

struct Inputs {
  std::string url;
  nlohmann::json runtime;  // GET /api/admin/runtime
  nlohmann::json sets;     // GET /api/embedding-sets
  nlohmann::json queue;    // GET /api/queue/status
  std::optional<datamove::BackupRecord> backup;
  std::int64_t now_epoch_ms = 0;
};

// {"generatedAt", "server", "deployment", "embedding", "backup", "queue", "warnings", "scenarios"}.
[[nodiscard]] nlohmann::json build_plan(const Inputs& inputs);

// The plan as Markdown, for a runbook or a ticket.
[[nodiscard]] std::string render_markdown(const nlohmann::json& plan);

}  // namespace vellum::cli::rollback_plan
