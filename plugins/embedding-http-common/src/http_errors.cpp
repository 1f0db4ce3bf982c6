#include "vellum/embedding_http/http_errors.hpp"

#include <nlohmann/json.hpp>

#include "vellum/embedding_http/retry_after.hpp"

namespace vellum::embedding_http {

namespace {

constexpr std::size_t kMaxMessage = 300;

std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (out.size() >= kMaxMessage) {
      out += "…";
      break;
    }
    out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  while (!out.empty() && out.front() == ' ') out.erase(out.begin());
  return out;
}

// The first human-readable text in an error body: OpenAI nests it in error.message, Ollama puts it
// in error, FastAPI-based servers in detail (a string, or a list of {msg}).
std::string text_of(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) return value.empty() ? std::string() : text_of(value.front());
  if (!value.is_object()) return {};
  for (const char* key : {"message", "error", "detail", "msg"}) {
    if (auto it = value.find(key); it != value.end()) return text_of(*it);
  }
  return {};
}

std::string status_phrase(long status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return {};
  }
}

}  // namespace

std::string format_duration(std::chrono::milliseconds duration) {
  const auto ms = duration.count();
  if (ms < 1000) return std::to_string(ms) + " ms";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  return std::to_string(ms / 1000) + "." + std::to_string((ms % 1000) / 100) + " s";
}

std::string server_message(std::string_view body) {
  const auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded()) {
    if (auto text = text_of(parsed); !text.empty()) return one_line(text);
  }
  return one_line(body);
}

std::optional<std::chrono::milliseconds> retry_delay(const HttpReply& reply, std::chrono::system_clock::time_point now) {
  if (reply.retry_after_ms) {
    if (auto ms = parse_retry_after_ms(*reply.retry_after_ms)) return ms;
  }
  if (reply.retry_after) return parse_retry_after(*reply.retry_after, now);
  return std::nullopt;
}

sdk::Error classify_status(const HttpReply& reply, std::string_view endpoint, std::chrono::system_clock::time_point now) {
  const long status = reply.status;
  std::string head = "HTTP " + std::to_string(status);
  if (auto phrase = status_phrase(status); !phrase.empty()) head += " " + phrase;
  head += " from " + std::string(endpoint);
  const std::string said = server_message(reply.body);
  const std::string quoted = said.empty() ? std::string(" (empty body)") : ": \"" + said + "\"";
  const auto delay = retry_delay(reply, now);

  if (status == 401) {
    return sdk::Error(sdk::ErrorKind::unauthenticated, "credentials rejected, " + head + quoted);
  }
  if (status == 403) return sdk::Error(sdk::ErrorKind::permission_denied, "access denied, " + head + quoted);
  if (status == 429) {
    const std::string when = delay ? ", retry after " + format_duration(*delay) : std::string();
    return sdk::Error::rate_limited("rate limited" + when + ", " + head + quoted, delay);
  }
  if (status == 408 || status >= 500) {
    sdk::Error error(sdk::ErrorKind::transient, "server error, " + head + quoted);
    if (status == 408) error.message = "request timed out at the server, " + head + quoted;
    error.retry_after = delay;  // a 503 with Retry-After: the server knows best when it is back
    return error;
  }
  if (status >= 400) return sdk::Error(sdk::ErrorKind::permanent, "request refused, " + head + quoted);
  // 1xx/3xx that libcurl did not resolve (redirects are not followed: a POST must not be replayed
  // elsewhere without the operator knowing).
  return sdk::Error(sdk::ErrorKind::permanent, "unexpected " + head + quoted);
}

}  // namespace vellum::embedding_http
