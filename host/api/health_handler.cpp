#include "api/health_handler.hpp"

#include "common/clock.hpp"

namespace vellum::api {

http::Response health(const plugins::RuntimeHolder& holder) {
  nlohmann::json database = {{"healthy", false}, {"message", "Storage is not initialised"}};
  const auto runtime = holder.current();
  if (runtime && runtime->storage.object) {
    if (auto status = runtime->storage.object->health(); status) {
      database = {{"healthy", true}, {"message", "Database is healthy"}};
    } else {
      database = {{"healthy", false}, {"message", status.error().message}};
    }
  }
  const bool healthy = database["healthy"].get<bool>();
  return http::Response::json(healthy ? 200 : 503, {{"status", healthy ? "ok" : "degraded"},
                                                    {"timestamp", format_iso8601(now_ms())},
                                                    {"database", database}});
}

}  // namespace vellum::api
