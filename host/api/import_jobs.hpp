// The server's import of its data directory (/api/import/*): one validation or import at a time,
// progress kept in memory for GET /api/import/status, the import itself on a background thread so
// the request returns at once (api-spec §4.3).
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "articles/article_service.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::api {

class ImportJobs {
 public:
  ImportJobs(articles::ArticleService& service, std::filesystem::path dir);
  ~ImportJobs();  // waits for a running import
  ImportJobs(const ImportJobs&) = delete;
  ImportJobs& operator=(const ImportJobs&) = delete;

  // {"phase","processed","total","currentFile"?,"result"?,"error"?,"dataDirAvailable","dataDir"}
  [[nodiscard]] nlohmann::json status() const;
  // A dry run, synchronously: the ValidationResult. conflict while another job runs.
  [[nodiscard]] sdk::Result<nlohmann::json> validate();
  // Starts importing (conflicts skipped); conflict while another job runs.
  [[nodiscard]] sdk::Status start(const articles::Actor& actor);

 private:
  bool begin(const char* phase);

  articles::ArticleService& service_;
  std::filesystem::path dir_;
  mutable std::mutex mutex_;
  std::string phase_ = "idle";
  std::size_t processed_ = 0;
  std::size_t total_ = 0;
  std::string current_;
  std::optional<nlohmann::json> result_;
  std::optional<std::string> error_;
  std::thread worker_;
};

}  // namespace vellum::api
