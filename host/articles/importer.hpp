// Importing a directory of markdown files (api-spec §8.1, with its CODE gaps closed): YAML
// frontmatter (LF or CRLF), folders from subdirectories, slugs from file names, frontmatter
// `created` and `public` honoured, one version per imported article, a conflict policy, a dry run.
//
//   articles::ImportOptions options;
//   options.policy = articles::ConflictPolicy::rename;
//   auto report = articles::import_directory(service, "/srv/notes", options, on_progress);
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "articles/article_service.hpp"

namespace vellum::articles {

enum class ConflictPolicy { skip, overwrite, rename };
[[nodiscard]] std::optional<ConflictPolicy> parse_conflict_policy(std::string_view text);

struct ImportOptions {
  bool preserve_folders = true;  // subdirectories become folders (and are scanned at all)
  ConflictPolicy policy = ConflictPolicy::skip;
  bool dry_run = false;          // parse and look for conflicts; write nothing
  Actor actor;                   // created_by / updated_by of what is written
};

// A file whose slug is already taken (by an article, or by an earlier file of the same import).
struct ImportConflict {
  std::string source;  // path relative to the import directory
  std::string existing_title;
  std::string new_title;
  std::string existing_slug;
  std::string new_slug;
};

struct ImportFailure {
  std::string source;  // relative path, or "directory"
  std::string error;
  std::string type;    // parse | validation | database
};

struct ImportReport {
  bool dry_run = false;
  std::size_t total_files = 0;
  std::size_t imported = 0;     // new articles (renamed ones included)
  std::size_t overwritten = 0;  // existing articles replaced
  std::size_t renamed = 0;      // imported under a free slug
  std::size_t skipped = 0;
  std::vector<ImportConflict> conflicts;
  std::vector<ImportFailure> errors;

  [[nodiscard]] bool valid() const noexcept { return conflicts.empty() && errors.empty(); }
};

struct ImportProgress {
  std::size_t done = 0;
  std::size_t total = 0;
  std::string current;  // the file being processed
};
using ProgressCallback = std::function<void(const ImportProgress&)>;

// Fails only when the directory cannot be read; per-file problems are listed in the report.
[[nodiscard]] sdk::Result<ImportReport> import_directory(ArticleService& service, const std::filesystem::path& dir,
                                                         const ImportOptions& options,
                                                         const ProgressCallback& progress = {});

// The reference API's shapes: a dry run as ValidationResult {valid,totalFiles,conflicts,errors}, an
// import as ImportResult {imported,skipped,conflicts,errors} (plus overwritten/renamed/totalFiles).
[[nodiscard]] nlohmann::json report_json(const ImportReport& report);

}  // namespace vellum::articles
