#include "api/import_jobs.hpp"

#include <spdlog/spdlog.h>

#include "articles/importer.hpp"

namespace vellum::api {

ImportJobs::ImportJobs(articles::ArticleService& service, std::filesystem::path dir)
    : service_(service), dir_(std::move(dir)) {}

ImportJobs::~ImportJobs() {
  if (worker_.joinable()) worker_.join();
}

nlohmann::json ImportJobs::status() const {
  std::error_code ec;
  const bool available = std::filesystem::is_directory(dir_, ec);
  std::lock_guard lock(mutex_);
  nlohmann::json out = {{"phase", phase_},     {"processed", processed_},        {"total", total_},
                        {"dataDir", dir_.string()}, {"dataDirAvailable", available}};
  if (!current_.empty()) out["currentFile"] = current_;
  if (result_) out["result"] = *result_;
  if (error_) out["error"] = *error_;
  return out;
}

bool ImportJobs::begin(const char* phase) {
  std::lock_guard lock(mutex_);
  if (phase_ == "importing" || phase_ == "validating") return false;
  phase_ = phase;
  processed_ = total_ = 0;
  current_.clear();
  error_.reset();
  return true;
}

sdk::Result<nlohmann::json> ImportJobs::validate() {
  if (!begin("validating")) return sdk::Error(sdk::ErrorKind::conflict, "Import or validation already in progress");
  articles::ImportOptions options;
  options.dry_run = true;
  auto report = articles::import_directory(service_, dir_, options);
  std::lock_guard lock(mutex_);
  phase_ = "idle";
  if (!report) {
    error_ = report.error().message;
    return std::move(report).error();
  }
  total_ = report->total_files;
  result_ = articles::report_json(report.value());
  return *result_;
}

sdk::Status ImportJobs::start(const articles::Actor& actor) {
  if (!begin("importing")) return sdk::Error(sdk::ErrorKind::conflict, "Import already in progress");
  if (worker_.joinable()) worker_.join();  // the previous import has finished: its phase said so
  worker_ = std::thread([this, actor] {
    articles::ImportOptions options;
    options.actor = actor;
    auto report = articles::import_directory(service_, dir_, options, [this](const articles::ImportProgress& p) {
      std::lock_guard lock(mutex_);
      processed_ = p.done;
      total_ = p.total;
      current_ = p.current;
    });
    std::lock_guard lock(mutex_);
    current_.clear();
    if (!report) {
      phase_ = "error";
      error_ = report.error().message;
      spdlog::warn("import of {} failed: {}", dir_.string(), report.error().message);
      return;
    }
    phase_ = "completed";
    processed_ = report->imported + report->overwritten;
    total_ = report->total_files;
    result_ = articles::report_json(report.value());
    spdlog::info("import of {}: {} imported, {} skipped, {} errors", dir_.string(), report->imported,
                 report->skipped, report->errors.size());
  });
  return sdk::ok_status();
}

}  // namespace vellum::api
