// The reference API's JSON shapes (api-spec §1.11): filenames ("slug.md"), camelCase flags, ISO times.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "vellum/sdk/types.hpp"

namespace vellum::api {

// {"filename","title","content","folder","created","isPublic","noRag","modifiedBy","metadata"}
[[nodiscard]] nlohmann::json article_json(const sdk::Article& article);
// {"filename","title","folder","created","modified","isPublic","noRag","modifiedBy"}
[[nodiscard]] nlohmann::json summary_json(const sdk::ArticleSummary& summary);
// {"versionId":"v3","createdAt","message","hash","size","filename":"v3.md"}
[[nodiscard]] nlohmann::json version_meta_json(const sdk::ArticleVersion& version);
// {"filename": as requested, "title","content","folder","created","isPublic","noRag","versionId","metadata"}
[[nodiscard]] nlohmann::json version_json(const sdk::ArticleVersion& version, std::string_view filename,
                                          const sdk::Article* article);

}  // namespace vellum::api
