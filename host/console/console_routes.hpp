// Serves the web console: GET/HEAD "/" (index.html, revalidated with its ETag) and
// "/assets/<build id>/*" (immutable for a year). No authentication: the files hold no data, and the
// console signs in against the REST API with a token the user types. Not rate limited either: they
// are answered from memory, and a page load fetches a dozen of them at once.
//
// Console responses carry a stricter Content-Security-Policy than the API's default: no inline
// script or style at all, nothing from other origins, no framing.
//
//   if (config.server.console) console::register_console_routes(router);
#pragma once

#include "http/router.hpp"

namespace vellum::console {

inline constexpr const char* kConsolePolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

void register_console_routes(http::Router& router);

}  // namespace vellum::console
