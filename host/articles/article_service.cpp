#include "articles/article_service.hpp"

#include <algorithm>
#include <cctype>

#include "articles/frontmatter.hpp"
#include "articles/slug.hpp"
#include "articles/validation.hpp"
#include "common/clock.hpp"
#include "common/crypto.hpp"

namespace vellum::articles {

namespace {

sdk::Error invalid(std::string message) { return sdk::Error(sdk::ErrorKind::invalid_argument, std::move(message)); }
sdk::Error not_found(std::string message) { return sdk::Error(sdk::ErrorKind::not_found, std::move(message)); }

const char* const kArticleNotFound = "Article not found";

// Content as stored, its effective title and its frontmatter as metadata.
struct Prepared {
  std::string content;
  std::string title;
  std::string metadata_json;
};

sdk::Result<Prepared> prepare(std::string_view given_title, std::string_view raw_content) {
  // Leading blank lines carry nothing and would hide frontmatter (api-spec cleanMarkdownContent).
  const auto start = raw_content.find_first_not_of("\r\n");
  std::string_view content = start == std::string_view::npos ? std::string_view() : raw_content.substr(start);
  if (auto valid = validate_content(content); !valid) return valid.error();
  auto frontmatter = parse_frontmatter(content);
  if (!frontmatter) return std::move(frontmatter).error();
  Prepared prepared;
  // The client's title wins, as in the reference API; the frontmatter/heading rules fill in only
  // when it sends none (the importer resolves them itself, from the file).
  const auto given = trim(given_title);
  prepared.title = given.empty() ? resolve_title(frontmatter.value(), "") : std::string(given);
  if (auto valid = validate_title(prepared.title); !valid) return valid.error();
  prepared.content = std::string(content);
  prepared.metadata_json = frontmatter->fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return prepared;
}

// The slug is well-formed, not reserved, and no other article holds it.
sdk::Status check_slug(sdk::Repositories& repos, std::string_view slug, sdk::ArticleId self) {
  if (auto valid = validate_slug(slug); !valid) return valid;
  auto holder = repos.articles().find_by_slug(slug);
  if (!holder) return std::move(holder).error();
  if (holder.value() && holder.value()->id != self) {
    return invalid("An article titled '" + holder.value()->title +
                   "' already uses this URL identifier. Please choose a different title.");
  }
  return sdk::ok_status();
}

sdk::ArticleDraft draft_of(const sdk::Article& article, const Actor& actor, sdk::Timestamp now) {
  sdk::ArticleDraft draft;
  draft.slug = article.slug;
  draft.title = article.title;
  draft.content = article.content;
  draft.folder = article.folder;
  draft.metadata_json = article.metadata_json;
  draft.is_public = article.is_public;
  draft.no_rag = article.no_rag;
  draft.actor = actor;
  draft.now = now;
  return draft;
}

sdk::Status append_version(sdk::Repositories& repos, const sdk::Article& article, std::string message,
                           const Actor& actor, sdk::Timestamp now) {
  sdk::ArticleVersion version;
  version.article_id = article.id;
  version.title = article.title;
  version.content = article.content;
  version.folder = article.folder;
  version.metadata_json = article.metadata_json;
  version.message = std::move(message);
  version.content_hash = sha256_hex(article.content);
  version.size_bytes = article.content.size();
  version.created_at = now;
  version.created_by = actor;
  auto appended = repos.versions().append(version);
  if (!appended) return std::move(appended).error();
  return sdk::ok_status();
}

// A write races another one that took the slug first: same answer as the check before it.
sdk::Error explain_conflict(const sdk::Error& error, std::string_view slug) {
  if (error.kind != sdk::ErrorKind::conflict) return error;
  return invalid("Another article already uses the URL identifier '" + std::string(slug) +
                 "'. Please choose a different title.");
}

sdk::Result<sdk::Article> load(sdk::Repositories& repos, std::string_view slug, const char* missing) {
  auto found = repos.articles().find_by_slug(slug);
  if (!found) return std::move(found).error();
  if (!found.value()) return not_found(missing);
  return std::move(*found.value());
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Where an article in `folder` goes when `from` (case-insensitive) becomes `to`; nullopt = not affected.
std::optional<std::string> moved_folder(std::string_view folder, std::string_view from, std::string_view to) {
  const std::string folder_l = lower(folder), from_l = lower(from);
  if (folder_l == from_l) return std::string(to);
  if (folder_l.size() > from_l.size() && folder_l.compare(0, from_l.size(), from_l) == 0 &&
      folder_l[from_l.size()] == '/') {
    return std::string(to) + std::string(folder.substr(from.size()));
  }
  return std::nullopt;
}

}  // namespace

ArticleService::ArticleService(const plugins::RuntimeHolder& runtime, ServiceOptions options)
    : holder_(runtime), options_(options), outbox_(options.semantic_search_enabled) {}

sdk::Result<plugins::RuntimePtr> ArticleService::runtime() const {
  auto runtime = holder_.current();
  if (!runtime || !runtime->storage.object) {
    return sdk::Error(sdk::ErrorKind::unavailable, "Storage is not available. Please try again later.");
  }
  return runtime;
}

sdk::Result<sdk::Article> ArticleService::create(const NewArticle& input, const Actor& actor) {
  auto rt = runtime();
  if (!rt) return std::move(rt).error();
  auto prepared = prepare(input.title, input.content);
  if (!prepared) return std::move(prepared).error();
  auto folder = normalize_folder(input.folder);
  if (!folder) return std::move(folder).error();
  const std::string message = input.message.value_or("Initial version");
  if (auto valid = validate_message(message); !valid) return valid.error();
  const std::string slug = input.slug.value_or(slugify(prepared->title));
  const sdk::Timestamp now = input.created_at.value_or(now_ms());
  const auto intent = intent_for_create(input.no_rag);

  sdk::Article created;
  auto status = rt.value()->storage.object->transact([&](sdk::Repositories& repos) -> sdk::Status {
    if (auto free = check_slug(repos, slug, 0); !free) return free;
    sdk::ArticleDraft draft;
    draft.slug = slug;
    draft.title = prepared->title;
    draft.content = prepared->content;
    draft.folder = folder.value();
    draft.metadata_json = prepared->metadata_json;
    draft.is_public = input.is_public;
    draft.no_rag = input.no_rag;
    draft.actor = actor;
    draft.now = now;
    auto inserted = repos.articles().insert(draft);
    if (!inserted) return explain_conflict(inserted.error(), slug);
    created = std::move(inserted).value();
    if (auto v = append_version(repos, created, message, actor, now); !v) return v;
    return outbox_.record(repos, *rt.value(), created, intent, now_ms());
  });
  if (!status) return std::move(status).error();
  outbox_.committed(*rt.value(), created, intent);
  return created;
}

sdk::Result<std::optional<sdk::Article>> ArticleService::read(std::string_view slug) {
  auto rt = runtime();
  if (!rt) return std::move(rt).error();
  std::optional<sdk::Article> article;
  auto status = rt.value()->storage.object->read([&](sdk::Repositories& repos) -> sdk::Status {
    auto found = repos.articles().find_by_slug(slug);
    if (!found) return std::move(found).error();
    article = std::move(found).value();
    return sdk::ok_status();
  });
  if (!status) return std::move(status).error();
  return article;
}

sdk::Result<std::optional<sdk::Article>> ArticleService::read_public(std::string_view slug) {
  auto article = read(slug);
  if (article && article.value() && !article.value()->is_public) return std::optional<sdk::Article>();
  return article;
}

sdk::Result<sdk::Article> ArticleService::update(std::string_view slug, const ArticleEdit& edit, const Actor& actor) {
  auto rt = runtime();
  if (!rt) return std::move(rt).error();
  auto prepared = prepare(edit.title, edit.content);
  if (!prepared) return std::move(prepared).error();
  std::optional<std::string> folder;
  if (edit.folder) {
    auto normalized = normalize_folder(*edit.folder);
    if (!normalized) return std::move(normalized).error();
    folder = std::move(normalized).value();
  }
  const std::string message = edit.message.value_or("Updated article");
  if (auto valid = validate_message(message); !valid) return valid.error();

  sdk::Article updated;
  std::optional<QueueIntent> intent;
  auto status = rt.value()->storage.object->transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto existing = load(repos, slug, kArticleNotFound);
    if (!existing) return std::move(existing).error();
    const sdk::Timestamp now = now_ms();
    sdk::ArticleDraft draft = draft_of(existing.value(), actor, now);
    if (prepared->title != existing->title && !edit.keep_slug) {
      // The reference API re-derives the slug from a changed title; a title with no usable
      // characters keeps the old one rather than failing.
      if (auto derived = slugify(prepared->title); !derived.empty() && derived != existing->slug) {
        if (auto free = check_slug(repos, derived, existing->id); !free) return free;
        draft.slug = derived;
      }
    }
    draft.title = prepared->title;
    draft.content = prepared->content;
    draft.metadata_json = prepared->metadata_json;
    if (folder) draft.folder = *folder;
    draft.no_rag = edit.no_rag.value_or(existing->no_rag);
    draft.is_public = edit.is_public.value_or(existing->is_public);
    // "modified" tracks the text: flag- or folder-only edits keep it (api-spec §1.11).
    draft.touch_updated_at = draft.title != existing->title || draft.content != existing->content;
    auto written = repos.articles().update(existing->id, draft);
    if (!written) return explain_conflict(written.error(), draft.slug);
    updated = std::move(written).value();
    if (auto v = append_version(repos, updated, message, actor, now); !v) return v;
    intent = intent_for_update(existing->no_rag, updated.no_rag);
    return outbox_.record(repos, *rt.value(), updated, intent, now);
  });
  if (!status) return std::move(status).error();
  outbox_.committed(*rt.value(), updated, intent);
  return updated;
}

sdk::Status ArticleService::remove(std::string_view slug) {
  auto rt = runtime();
  if (!rt) return std::move(rt).error();
  if (slug.empty()) return invalid("Article identifier cannot be empty.");
  return rt.value()->storage.object->transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto existing = load(repos, slug, "The article you are trying to delete does not exist.");
    if (!existing) return std::move(existing).error();
    return repos.articles().remove(existing->id);
  });
}

sdk::Result<std::vector<sdk::ArticleSummary>> ArticleService::list(const sdk::ArticleFilter& filter) {
  auto rt = runtime();
  if (!rt) return std::move(rt).error();
  std::vector<sdk::ArticleSummary> rows;
  auto status = rt.value()->storage.object->read([&](sdk::Repositories& repos) -> sdk::Status {
    auto listed = repos.articles().list(filter);
    if (!listed) return std::move(listed).error();
    rows = std::move(listed).value();
    return sdk::ok_status();
  });
  if (!status) return std::move(status).error();
  return rows;
}

sdk::Result<std::int64_t> ArticleService::count(const sdk::ArticleFilter& filter) {
  auto rt = runtime();
  if (!rt) return std::move(rt).error();
  std::int64_t total = 0;
  auto status = rt.value()->storage.object->read([&](sdk::Repositories& repos) -> sdk::Status {
    auto counted = repos.articles().count(filter);
    if (!counted) return std::move(counted).error();
    total = counted.value();
    return sdk::ok_status();
  });
  if (!status) return std::move(status).error();
  return total;
}

sdk::Result<sdk::Article> ArticleService::set_public(std::string_view slug, bool is_public, const Actor& actor) {
  auto rt = runtime();
  if (!rt) return std::move(rt).error();
  sdk::Article updated;
  auto status = rt.value()->storage.object->transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto existing = load(repos, slug, kArticleNotFound);
    if (!existing) return std::move(existing).error();
    const sdk::Timestamp now = now_ms();
    sdk::ArticleDraft draft = draft_of(existing.value(), actor, now);
    draft.is_public = is_public;
    auto written = repos.articles().update(existing->id, draft);
    if (!written) return std::move(written).error();
    updated = std::move(written).value();
    return append_version(repos, updated, is_public ? "Made public" : "Made private", actor, now);
  });
  if (!status) return std::move(status).error();
  return updated;
}

sdk::Result<sdk::Article> ArticleService::rename_slug(std::string_view slug, std::string_view new_slug,
                                                      const Actor& actor) {
  auto rt = runtime();
  if (!rt) return std::move(rt).error();
  const std::string target = lower(trim(new_slug));
  if (slug.empty() || target.empty()) return invalid("New slug is required");
  sdk::Article updated;
  auto status = rt.value()->storage.object->transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto existing = load(repos, slug, "The article you are trying to rename does not exist.");
    if (!existing) return std::move(existing).error();
    updated = existing.value();
    if (existing->slug == target) return sdk::ok_status();
    if (auto free = check_slug(repos, target, existing->id); !free) return free;
    const sdk::Timestamp now = now_ms();
    sdk::ArticleDraft draft = draft_of(existing.value(), actor, now);
    draft.slug = target;
    auto written = repos.articles().update(existing->id, draft);
    if (!written) return explain_conflict(written.error(), target);
    updated = std::move(written).value();
    return append_version(repos, updated, "Renamed from " + filename_for(existing->slug), actor, now);
  });
  if (!status) return std::move(status).error();
  return updated;
}

sdk::Result<std::vector<sdk::ArticleVersion>> ArticleService::versions(std::string_view slug) {
  auto rt = runtime();
  if (!rt) return std::move(rt).error();
  std::vector<sdk::ArticleVersion> rows;
  auto status = rt.value()->storage.object->read([&](sdk::Repositories& repos) -> sdk::Status {
    auto article = load(repos, slug, kArticleNotFound);
    if (!article) return std::move(article).error();
    auto listed = repos.versions().list(article->id);
    if (!listed) return std::move(listed).error();
    rows = std::move(listed).value();
    return sdk::ok_status();
  });
  if (!status) return std::move(status).error();
  return rows;
}

sdk::Result<std::optional<sdk::ArticleVersion>> ArticleService::version(std::string_view slug, std::int64_t number) {
  auto rt = runtime();
  if (!rt) return std::move(rt).error();
  std::optional<sdk::ArticleVersion> found;
  auto status = rt.value()->storage.object->read([&](sdk::Repositories& repos) -> sdk::Status {
    auto article = load(repos, slug, kArticleNotFound);
    if (!article) return std::move(article).error();
    auto got = repos.versions().get(article->id, number);
    if (!got) return std::move(got).error();
    found = std::move(got).value();
    return sdk::ok_status();
  });
  if (!status) return std::move(status).error();
  return found;
}

sdk::Result<sdk::Article> ArticleService::restore(std::string_view slug, std::int64_t number,
                                                  const std::optional<std::string>& message, const Actor& actor) {
  auto rt = runtime();
  if (!rt) return std::move(rt).error();
  const std::string text = message.value_or("Restore to v" + std::to_string(number));
  if (auto valid = validate_message(text); !valid) return valid.error();
  sdk::Article restored;
  std::optional<QueueIntent> intent;
  auto status = rt.value()->storage.object->transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto existing = load(repos, slug, kArticleNotFound);
    if (!existing) return std::move(existing).error();
    auto version = repos.versions().get(existing->id, number);
    if (!version) return std::move(version).error();
    if (!version.value()) return not_found("Version not found");
    const sdk::ArticleVersion& v = *version.value();
    const sdk::Timestamp now = now_ms();
    sdk::ArticleDraft draft = draft_of(existing.value(), actor, now);
    if (v.title != existing->title) {
      if (auto derived = slugify(v.title); !derived.empty() && derived != existing->slug) {
        if (auto free = check_slug(repos, derived, existing->id); !free) return free;
        draft.slug = derived;
      }
    }
    draft.title = v.title;
    draft.content = v.content;
    draft.folder = v.folder;
    draft.metadata_json = v.metadata_json;
    draft.touch_updated_at = draft.title != existing->title || draft.content != existing->content;
    auto written = repos.articles().update(existing->id, draft);
    if (!written) return explain_conflict(written.error(), draft.slug);
    restored = std::move(written).value();
    if (auto appended = append_version(repos, restored, text, actor, now); !appended) return appended;
    intent = intent_for_restore(restored.no_rag);
    return outbox_.record(repos, *rt.value(), restored, intent, now);
  });
  if (!status) return std::move(status).error();
  outbox_.committed(*rt.value(), restored, intent);
  return restored;
}

sdk::Result<std::int64_t> ArticleService::delete_versions(std::string_view slug,
                                                          const std::vector<std::int64_t>& numbers) {
  auto rt = runtime();
  if (!rt) return std::move(rt).error();
  std::int64_t removed = 0;
  auto status = rt.value()->storage.object->transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto article = load(repos, slug, kArticleNotFound);
    if (!article) return std::move(article).error();
    auto gone = repos.versions().remove(article->id, numbers);
    if (!gone) return std::move(gone).error();
    removed = gone.value();
    return sdk::ok_status();
  });
  if (!status) return std::move(status).error();
  return removed;
}

sdk::Result<std::vector<std::string>> ArticleService::folders() {
  auto rt = runtime();
  if (!rt) return std::move(rt).error();
  std::vector<std::string> out;
  auto status = rt.value()->storage.object->read([&](sdk::Repositories& repos) -> sdk::Status {
    auto listed = repos.articles().folders();
    if (!listed) return std::move(listed).error();
    out = std::move(listed).value();
    return sdk::ok_status();
  });
  if (!status) return std::move(status).error();
  return out;
}

sdk::Result<std::int64_t> ArticleService::rename_folder(std::string_view from, std::string_view to,
                                                        const Actor& actor) {
  auto rt = runtime();
  if (!rt) return std::move(rt).error();
  auto target = normalize_folder(trim(to));
  if (!target) return std::move(target).error();
  if (target->empty()) return invalid("New folder name is required");
  const std::string source(from == "/" ? std::string_view() : from);
  if (source.empty()) return not_found("The folder you are trying to rename does not exist.");
  std::int64_t moved = 0;
  auto status = rt.value()->storage.object->transact([&](sdk::Repositories& repos) -> sdk::Status {
    moved = 0;
    sdk::ArticleFilter filter;
    filter.folder = source;
    auto affected = repos.articles().list(filter);
    if (!affected) return std::move(affected).error();
    const sdk::Timestamp now = now_ms();
    for (const auto& summary : affected.value()) {
      auto destination = moved_folder(summary.folder, source, target.value());
      if (!destination) continue;
      if (auto valid = normalize_folder(*destination); !valid) return std::move(valid).error();
      auto article = repos.articles().find_by_id(summary.id);
      if (!article) return std::move(article).error();
      if (!article.value()) continue;
      sdk::ArticleDraft draft = draft_of(*article.value(), actor, now);
      draft.folder = *destination;
      auto written = repos.articles().update(summary.id, draft);
      if (!written) return std::move(written).error();
      const std::string note = "Moved from folder '" + summary.folder + "' to '" + *destination + "'";
      if (auto v = append_version(repos, written.value(), note, actor, now); !v) return v;
      ++moved;
    }
    if (moved == 0) return not_found("The folder you are trying to rename does not exist.");
    return sdk::ok_status();
  });
  if (!status) return std::move(status).error();
  return moved;
}

sdk::Result<std::int64_t> ArticleService::delete_folder(std::string_view folder, const Actor& actor) {
  auto rt = runtime();
  if (!rt) return std::move(rt).error();
  const std::string name(folder);
  std::int64_t moved = 0;
  auto status = rt.value()->storage.object->transact([&](sdk::Repositories& repos) -> sdk::Status {
    moved = 0;
    if (name.empty()) return not_found("The folder you are trying to delete does not exist.");
    sdk::ArticleFilter filter;
    filter.folder = name;
    auto affected = repos.articles().list(filter);
    if (!affected) return std::move(affected).error();
    const sdk::Timestamp now = now_ms();
    for (const auto& summary : affected.value()) {
      if (summary.folder != name) continue;  // exact and case-sensitive; subfolders stay
      auto article = repos.articles().find_by_id(summary.id);
      if (!article) return std::move(article).error();
      if (!article.value()) continue;
      sdk::ArticleDraft draft = draft_of(*article.value(), actor, now);
      draft.folder.clear();
      auto written = repos.articles().update(summary.id, draft);
      if (!written) return std::move(written).error();
      if (auto v = append_version(repos, written.value(), "Moved to the root: folder '" + name + "' deleted", actor,
                                  now);
          !v)
        return v;
      ++moved;
    }
    if (moved == 0) return not_found("The folder you are trying to delete does not exist.");
    return sdk::ok_status();
  });
  if (!status) return std::move(status).error();
  return moved;
}

}  // namespace vellum::articles
