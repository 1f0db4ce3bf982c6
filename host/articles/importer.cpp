#include "articles/importer.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "articles/frontmatter.hpp"
#include "articles/slug.hpp"
#include "articles/validation.hpp"
#include "common/clock.hpp"

namespace vellum::articles {

namespace fs = std::filesystem;

namespace {

struct ParsedFile {
  std::string source;
  std::string slug;
  std::string title;
  std::string folder;
  std::string content;
  bool is_public = false;
  bool no_rag = false;
  std::optional<sdk::Timestamp> created;
};

struct FileProblem {
  std::string message;
  std::string type;
};

bool has_md_extension(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".md";
}

// Markdown files below `dir` in a stable order; directories starting with '.' are not entered.
sdk::Result<std::vector<fs::path>> scan(const fs::path& dir, bool recursive) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return sdk::Error(sdk::ErrorKind::not_found, "Directory does not exist: " + dir.string());
  }
  std::vector<fs::path> files;
  const fs::path root = fs::weakly_canonical(dir, ec);
  // A link may point anywhere on the server, and the REST import runs with the server's rights: a
  // link is followed only to a markdown file that itself lives below the import directory (a link
  // named notes.md to ../admin-token is not read).
  auto linked_markdown_inside = [&](const fs::path& path) {
    std::error_code link_ec;
    const fs::path target = fs::weakly_canonical(path, link_ec);
    if (link_ec || !has_md_extension(target)) return false;
    const auto relative = target.lexically_relative(root);
    return !relative.empty() && *relative.begin() != "..";
  };
  auto consider = [&](const fs::directory_entry& entry) {
    std::error_code type_ec;
    if (!entry.is_regular_file(type_ec) || !has_md_extension(entry.path())) return;
    if (entry.is_symlink(type_ec) && !linked_markdown_inside(entry.path())) return;
    files.push_back(entry.path());
  };
  if (recursive) {
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const auto name = it->path().filename().string();
      if (!name.empty() && name.front() == '.') {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      consider(*it);
    }
  } else {
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) consider(*it);
  }
  if (ec) return sdk::Error(sdk::ErrorKind::unavailable, "Cannot read " + dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

std::optional<bool> flag_value(const nlohmann::json* value) {
  if (!value) return std::nullopt;
  if (value->is_boolean()) return value->get<bool>();
  if (value->is_string()) {
    std::string text = value->get<std::string>();
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text == "true" || text == "yes";
  }
  return std::nullopt;
}

std::optional<sdk::Timestamp> created_value(const std::string& text) {
  if (auto parsed = parse_iso8601(text)) return parsed;
  if (text.size() == 10) return parse_iso8601(text + "T00:00:00.000Z");  // a plain date
  return std::nullopt;
}

sdk::Result<ParsedFile> parse_file(const fs::path& root, const fs::path& path, bool preserve_folders,
                                   FileProblem& problem) {
  ParsedFile file;
  const fs::path relative = path.lexically_relative(root);
  file.source = relative.generic_string();
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (!in.good() && !in.eof()) {
    problem = {"cannot read the file", "parse"};
    return sdk::Error(sdk::ErrorKind::unavailable, problem.message);
  }
  file.content = buffer.str();
  if (auto valid = validate_content(file.content); !valid) {
    problem = {valid.error().message, "validation"};
    return valid.error();
  }
  auto frontmatter = parse_frontmatter(file.content);
  if (!frontmatter) {
    problem = {frontmatter.error().message, "parse"};
    return std::move(frontmatter).error();
  }
  file.title = resolve_title(frontmatter.value(), "Untitled");
  file.slug = slugify(path.stem().string());
  if (file.slug.empty()) file.slug = slugify(file.title);
  if (const auto* folder = frontmatter_field(frontmatter.value(), "folder"); folder && folder->is_string()) {
    file.folder = folder->get<std::string>();
  } else if (preserve_folders && relative.has_parent_path()) {
    file.folder = relative.parent_path().generic_string();
  }
  auto folder = normalize_folder(file.folder);
  if (!folder) {
    problem = {folder.error().message, "validation"};
    return std::move(folder).error();
  }
  file.folder = folder.value();
  if (auto valid = validate_slug(file.slug); !valid) {
    problem = {valid.error().message, "validation"};
    return valid.error();
  }
  if (const auto* created = frontmatter_field(frontmatter.value(), "created")) {
    file.created = created->is_string() ? created_value(created->get<std::string>()) : std::nullopt;
    if (!file.created) {
      problem = {"frontmatter 'created' is not a date (expected e.g. 2025-01-15 or 2025-01-15T10:30:00Z)", "validation"};
      return sdk::Error(sdk::ErrorKind::invalid_argument, problem.message);
    }
  }
  auto is_public = flag_value(frontmatter_field(frontmatter.value(), "public"));
  if (!is_public) is_public = flag_value(frontmatter_field(frontmatter.value(), "isPublic"));
  file.is_public = is_public.value_or(false);
  auto no_rag = flag_value(frontmatter_field(frontmatter.value(), "noRag"));
  if (!no_rag) no_rag = flag_value(frontmatter_field(frontmatter.value(), "no_rag"));
  file.no_rag = no_rag.value_or(false);
  return file;
}

std::string failure_type(const sdk::Error& error) {
  return error.kind == sdk::ErrorKind::invalid_argument ? "validation" : "database";
}

// The first free "slug-N" (N from 2), checking both the database and this import's own slugs.
sdk::Result<std::string> free_slug(ArticleService& service, const std::string& slug,
                                   const std::set<std::string>& taken) {
  for (int n = 2; n < 10000; ++n) {
    std::string candidate = slug + "-" + std::to_string(n);
    if (taken.count(candidate)) continue;
    auto existing = service.read(candidate);
    if (!existing) return std::move(existing).error();
    if (!existing.value()) return candidate;
  }
  return sdk::Error(sdk::ErrorKind::conflict, "no free slug for " + slug);
}

}  // namespace

std::optional<ConflictPolicy> parse_conflict_policy(std::string_view text) {
  if (text == "skip") return ConflictPolicy::skip;
  if (text == "overwrite") return ConflictPolicy::overwrite;
  if (text == "rename") return ConflictPolicy::rename;
  return std::nullopt;
}

sdk::Result<ImportReport> import_directory(ArticleService& service, const fs::path& dir, const ImportOptions& options,
                                           const ProgressCallback& progress) {
  auto files = scan(dir, options.preserve_folders);
  if (!files) return std::move(files).error();
  ImportReport report;
  report.dry_run = options.dry_run;
  report.total_files = files->size();
  std::set<std::string> seen;  // slugs this import has claimed (or would claim)

  for (std::size_t i = 0; i < files->size(); ++i) {
    const fs::path& path = (*files)[i];
    const std::string source = path.lexically_relative(dir).generic_string();
    if (progress) progress({i, files->size(), source});
    FileProblem problem;
    auto parsed = parse_file(dir, path, options.preserve_folders, problem);
    if (!parsed) {
      report.errors.push_back({source, problem.message, problem.type});
      continue;
    }
    ParsedFile& file = parsed.value();
    auto existing = service.read(file.slug);
    if (!existing) {
      report.errors.push_back({source, existing.error().message, "database"});
      continue;
    }
    const bool taken_here = seen.count(file.slug) > 0;
    if (existing.value() || taken_here) {
      report.conflicts.push_back({source, existing.value() ? existing.value()->title : std::string(), file.title,
                                  file.slug, file.slug});
    }
    NewArticle article{file.title, file.content, file.folder, "Imported from " + source, file.no_rag, file.is_public,
                       file.slug, file.created};
    ConflictPolicy policy = options.policy;
    // Overwriting what this same import just wrote would lose a file: such duplicates are renamed.
    if (taken_here && policy == ConflictPolicy::overwrite) policy = ConflictPolicy::rename;
    if (existing.value() || taken_here) {
      if (policy == ConflictPolicy::skip) {
        ++report.skipped;
        continue;
      }
      if (policy == ConflictPolicy::rename) {
        auto renamed = free_slug(service, file.slug, seen);
        if (!renamed) {
          report.errors.push_back({source, renamed.error().message, "database"});
          continue;
        }
        article.slug = renamed.value();
        report.conflicts.back().new_slug = renamed.value();
      }
    }
    seen.insert(*article.slug);
    if (options.dry_run) continue;
    if ((existing.value() || taken_here) && policy == ConflictPolicy::overwrite) {
      ArticleEdit edit{file.title, file.content, file.folder, "Imported from " + source + " (overwrite)", file.no_rag,
                       file.is_public, true};
      auto updated = service.update(file.slug, edit, options.actor);
      if (!updated) {
        report.errors.push_back({source, updated.error().message, failure_type(updated.error())});
        continue;
      }
      ++report.overwritten;
      continue;
    }
    auto created = service.create(article, options.actor);
    if (!created) {
      report.errors.push_back({source, created.error().message, failure_type(created.error())});
      continue;
    }
    ++report.imported;
    if (article.slug != file.slug) ++report.renamed;
  }
  if (progress) progress({files->size(), files->size(), ""});
  return report;
}

nlohmann::json report_json(const ImportReport& report) {
  nlohmann::json conflicts = nlohmann::json::array();
  for (const auto& c : report.conflicts) {
    conflicts.push_back({{"sourceFilename", c.source},
                         {"existingTitle", c.existing_title},
                         {"newTitle", c.new_title},
                         {"existingSlug", c.existing_slug},
                         {"newSlug", c.new_slug},
                         {"type", "slug"}});
  }
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& e : report.errors) {
    errors.push_back({{"sourceFilename", e.source}, {"error", e.error}, {"type", e.type}});
  }
  if (report.dry_run) {
    return {{"valid", report.valid()}, {"totalFiles", report.total_files}, {"conflicts", conflicts},
            {"errors", errors}};
  }
  return {{"imported", report.imported}, {"overwritten", report.overwritten}, {"renamed", report.renamed},
          {"skipped", report.skipped},   {"totalFiles", report.total_files},  {"conflicts", conflicts},
          {"errors", errors}};
}

}  // namespace vellum::articles
