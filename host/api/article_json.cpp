#include "api/article_json.hpp"

#include "articles/slug.hpp"
#include "common/clock.hpp"

namespace vellum::api {

namespace {

nlohmann::json metadata_of(const std::string& text) {
  auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_object() ? parsed : nlohmann::json::object();
}

nlohmann::json optional_text(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json();
}

}  // namespace

nlohmann::json article_json(const sdk::Article& a) {
  return {{"filename", articles::filename_for(a.slug)},
          {"title", a.title},
          {"content", a.content},
          {"folder", a.folder},
          {"created", format_iso8601(a.created_at)},
          {"isPublic", a.is_public},
          {"noRag", a.no_rag},
          {"modifiedBy", optional_text(a.updated_by)},
          {"metadata", metadata_of(a.metadata_json)}};
}

nlohmann::json summary_json(const sdk::ArticleSummary& s) {
  return {{"filename", articles::filename_for(s.slug)},
          {"title", s.title},
          {"folder", s.folder},
          {"created", format_iso8601(s.created_at)},
          {"modified", format_iso8601(s.updated_at)},
          {"isPublic", s.is_public},
          {"noRag", s.no_rag},
          {"modifiedBy", optional_text(s.updated_by)}};
}

nlohmann::json version_meta_json(const sdk::ArticleVersion& v) {
  const std::string id = "v" + std::to_string(v.version_number);
  return {{"versionId", id},
          {"createdAt", format_iso8601(v.created_at)},
          {"message", v.message},
          {"hash", v.content_hash},
          {"size", v.size_bytes},
          {"filename", id + ".md"},
          {"createdBy", optional_text(v.created_by)}};
}

nlohmann::json version_json(const sdk::ArticleVersion& v, std::string_view filename, const sdk::Article* article) {
  return {{"filename", filename},
          {"title", v.title},
          {"content", v.content},
          {"folder", v.folder},
          {"created", format_iso8601(v.created_at)},
          {"isPublic", article ? article->is_public : false},
          {"noRag", article ? article->no_rag : false},
          {"versionId", "v" + std::to_string(v.version_number)},
          {"metadata", metadata_of(v.metadata_json)}};
}

}  // namespace vellum::api
