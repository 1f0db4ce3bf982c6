// ArticleService: every read and write of articles, their versions and folders, over the storage
// backend of the current runtime snapshot. Each write is ONE transaction holding the article row, a
// version row (every write adds exactly one version per article it changes) and, when a queue
// strategy keeps a task table, the embedding task (outbox); the strategy hears of it after the commit.
//
//   articles::ArticleService service(runtime_holder, {.semantic_search_enabled = true});
//   auto created = service.create({.title = "Notes", .content = "# Notes\n..."}, "admin");
//   if (!created) ... created.error().kind (invalid_argument → 400, not_found → 404) ...
//
// Errors are sdk::Error with user-facing messages (api-spec §1.9 wording); the API maps kinds to
// status codes in one place (api/errors.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "articles/queue_outbox.hpp"
#include "plugins/runtime.hpp"
#include "vellum/sdk/storage.hpp"

namespace vellum::articles {

using Actor = std::optional<std::string>;  // token name, "admin", or nobody (CLI import without --as)

struct NewArticle {
  std::string title;  // wins when not blank; else the frontmatter title, else the first "# " heading
  std::string content;
  std::string folder;
  std::optional<std::string> message;  // version message; default "Initial version"
  bool no_rag = false;
  bool is_public = false;
  std::optional<std::string> slug;           // default: from the title
  std::optional<sdk::Timestamp> created_at;  // default: now (import honours frontmatter `created`)
};

struct ArticleEdit {
  std::string title;
  std::string content;
  std::optional<std::string> folder;  // nullopt = keep
  std::optional<std::string> message;  // default "Updated article"
  std::optional<bool> no_rag;          // nullopt = keep
  std::optional<bool> is_public;       // nullopt = keep
  bool keep_slug = false;              // true: a changed title does not rename the slug (import overwrite)
};

struct ServiceOptions {
  bool semantic_search_enabled = true;
};

class ArticleService {
 public:
  ArticleService(const plugins::RuntimeHolder& runtime, ServiceOptions options);

  [[nodiscard]] sdk::Result<sdk::Article> create(const NewArticle& article, const Actor& actor);
  [[nodiscard]] sdk::Result<std::optional<sdk::Article>> read(std::string_view slug);
  [[nodiscard]] sdk::Result<std::optional<sdk::Article>> read_public(std::string_view slug);
  // Changing the title re-derives the slug (as the reference API does); an unchanged title keeps it.
  [[nodiscard]] sdk::Result<sdk::Article> update(std::string_view slug, const ArticleEdit& edit, const Actor& actor);
  [[nodiscard]] sdk::Status remove(std::string_view slug);
  [[nodiscard]] sdk::Result<std::vector<sdk::ArticleSummary>> list(const sdk::ArticleFilter& filter);
  [[nodiscard]] sdk::Result<std::int64_t> count(const sdk::ArticleFilter& filter);

  [[nodiscard]] sdk::Result<sdk::Article> set_public(std::string_view slug, bool is_public, const Actor& actor);
  [[nodiscard]] sdk::Result<sdk::Article> rename_slug(std::string_view slug, std::string_view new_slug,
                                                      const Actor& actor);

  [[nodiscard]] sdk::Result<std::vector<sdk::ArticleVersion>> versions(std::string_view slug);
  [[nodiscard]] sdk::Result<std::optional<sdk::ArticleVersion>> version(std::string_view slug, std::int64_t number);
  // Brings back a version's title, content, folder and metadata as a new version.
  [[nodiscard]] sdk::Result<sdk::Article> restore(std::string_view slug, std::int64_t number,
                                                  const std::optional<std::string>& message, const Actor& actor);
  // Deletes the given versions (all when empty); returns how many went.
  [[nodiscard]] sdk::Result<std::int64_t> delete_versions(std::string_view slug,
                                                          const std::vector<std::int64_t>& numbers);

  [[nodiscard]] sdk::Result<std::vector<std::string>> folders();
  // Renames a folder and its subfolders ("a" → "x" moves "a/b" to "x/b"); `from` matches
  // case-insensitively. Returns how many articles moved.
  [[nodiscard]] sdk::Result<std::int64_t> rename_folder(std::string_view from, std::string_view to,
                                                        const Actor& actor);
  // Moves the articles of exactly this folder to the root; subfolders stay where they are.
  [[nodiscard]] sdk::Result<std::int64_t> delete_folder(std::string_view folder, const Actor& actor);

 private:
  [[nodiscard]] sdk::Result<plugins::RuntimePtr> runtime() const;

  const plugins::RuntimeHolder& holder_;
  ServiceOptions options_;
  QueueOutbox outbox_;
};

}  // namespace vellum::articles
