// Routes the web console needed and any client may use (documented in docs/console.md):
//   GET  /api/session                    who the token is: {"kind","name","scope","canWrite","isAdmin"}
//   GET  /api/articles/:filename/html    the article rendered by cmark-gfm, raw HTML off: {"filename","title","html"}
//   POST /api/markdown/html              {"content": "..."} → {"html": "..."} (the editor's preview)
// All three need any valid token (read access).
#pragma once

#include "api/routes.hpp"

namespace vellum::api {

void register_session_routes(http::Router& router, ApiServices& services);
void register_markdown_routes(http::Router& router, ApiServices& services);

}  // namespace vellum::api
