// GET /health: whether this process can serve. The public form says only ok/degraded and whether the
// database answers; it is what load balancers and `curl http://localhost:5000/health` read.
#pragma once

#include "http/request.hpp"
#include "http/response.hpp"
#include "plugins/runtime.hpp"

namespace vellum::api {

// 200 {"status":"ok",...} when the active storage backend answers its health check, else
// 503 {"status":"degraded",...} with the backend's reason.
[[nodiscard]] http::Response health(const plugins::RuntimeHolder& runtime);

}  // namespace vellum::api
