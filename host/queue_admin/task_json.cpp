#include "queue_admin/task_json.hpp"

#include "common/clock.hpp"

namespace vellum::queue_admin {

namespace {

nlohmann::json opt_time(const std::optional<sdk::Timestamp>& t) {
  return t ? nlohmann::json(format_iso8601(*t)) : nlohmann::json();
}

sdk::Error bad(const std::string& field, const std::string& why) {
  return sdk::Error(sdk::ErrorKind::invalid_argument, "task field '" + field + "': " + why);
}

}  // namespace

nlohmann::json task_json(const sdk::Task& t) {
  nlohmann::json metadata = nlohmann::json::parse(t.metadata_json, nullptr, false);
  if (metadata.is_discarded()) metadata = t.metadata_json;
  return {{"id", t.id},
          {"article_id", t.article_id},
          {"slug", t.slug},
          {"operation", sdk::to_string(t.operation)},
          {"priority", sdk::to_string(t.priority)},
          {"status", sdk::to_string(t.status)},
          {"attempts", t.attempts},
          {"max_attempts", t.max_attempts},
          {"created_at", format_iso8601(t.created_at)},
          {"scheduled_at", format_iso8601(t.scheduled_at)},
          {"processed_at", opt_time(t.processed_at)},
          {"completed_at", opt_time(t.completed_at)},
          {"error_message", t.error_message ? nlohmann::json(*t.error_message) : nlohmann::json()},
          {"metadata", metadata},
          {"claimed_by", t.claimed_by ? nlohmann::json(*t.claimed_by) : nlohmann::json()},
          {"lease_expires_at", opt_time(t.lease_expires_at)},
          {"embedding_set_id", t.embedding_set_id ? nlohmann::json(*t.embedding_set_id) : nlohmann::json()}};
}

sdk::Result<sdk::Task> task_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return bad("(task)", "not an object");
  sdk::Task t;
  auto text = [&](const char* key, bool required) -> sdk::Result<std::optional<std::string>> {
    if (!j.contains(key) || j[key].is_null()) {
      if (required) return bad(key, "missing");
      return std::optional<std::string>();
    }
    if (!j[key].is_string()) return bad(key, "not a string");
    return std::optional<std::string>(j[key].get<std::string>());
  };
  auto time = [&](const char* key, bool required) -> sdk::Result<std::optional<sdk::Timestamp>> {
    auto s = text(key, required);
    if (!s) return std::move(s).error();
    if (!s.value()) return std::optional<sdk::Timestamp>();
    auto parsed = parse_iso8601(**s);
    if (!parsed) return bad(key, "not an ISO-8601 time");
    return std::optional<sdk::Timestamp>(*parsed);
  };
  auto integer = [&](const char* key) -> sdk::Result<std::int64_t> {
    if (!j.contains(key) || !j[key].is_number_integer()) return bad(key, "missing or not an integer");
    return j[key].get<std::int64_t>();
  };

  auto id = text("id", true);
  if (!id) return std::move(id).error();
  t.id = **id;
  auto article = integer("article_id");
  if (!article) return std::move(article).error();
  t.article_id = article.value();
  auto slug = text("slug", true);
  if (!slug) return std::move(slug).error();
  t.slug = **slug;
  auto op = text("operation", true);
  if (!op) return std::move(op).error();
  auto parsed_op = sdk::parse_task_operation(**op);
  if (!parsed_op) return bad("operation", "unknown value '" + **op + "'");
  t.operation = *parsed_op;
  auto pr = text("priority", true);
  if (!pr) return std::move(pr).error();
  auto parsed_pr = sdk::parse_task_priority(**pr);
  if (!parsed_pr) return bad("priority", "unknown value '" + **pr + "'");
  t.priority = *parsed_pr;
  auto st = text("status", true);
  if (!st) return std::move(st).error();
  auto parsed_st = sdk::parse_task_status(**st);
  if (!parsed_st) return bad("status", "unknown value '" + **st + "'");
  t.status = *parsed_st;
  auto attempts = integer("attempts");
  if (!attempts) return std::move(attempts).error();
  t.attempts = static_cast<std::int32_t>(attempts.value());
  auto max_attempts = integer("max_attempts");
  if (!max_attempts) return std::move(max_attempts).error();
  t.max_attempts = static_cast<std::int32_t>(max_attempts.value());

  auto created = time("created_at", true);
  if (!created) return std::move(created).error();
  t.created_at = **created;
  auto scheduled = time("scheduled_at", true);
  if (!scheduled) return std::move(scheduled).error();
  t.scheduled_at = **scheduled;
  auto processed = time("processed_at", false);
  if (!processed) return std::move(processed).error();
  t.processed_at = *processed;
  auto completed = time("completed_at", false);
  if (!completed) return std::move(completed).error();
  t.completed_at = *completed;
  auto lease = time("lease_expires_at", false);
  if (!lease) return std::move(lease).error();
  t.lease_expires_at = *lease;
  auto error = text("error_message", false);
  if (!error) return std::move(error).error();
  t.error_message = *error;
  auto claimed = text("claimed_by", false);
  if (!claimed) return std::move(claimed).error();
  t.claimed_by = *claimed;
  if (j.contains("metadata") && !j["metadata"].is_null()) {
    t.metadata_json = j["metadata"].is_string() ? j["metadata"].get<std::string>() : j["metadata"].dump();
  }
  if (j.contains("embedding_set_id") && j["embedding_set_id"].is_number_integer()) {
    t.embedding_set_id = j["embedding_set_id"].get<std::int64_t>();
  }
  return t;
}

}  // namespace vellum::queue_admin
