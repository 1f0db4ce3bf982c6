// Conversions between Beast messages and our Request/Response, and how read errors map to statuses.
// Internal; includes Beast.
#pragma once

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/request.hpp"
#include "http/response.hpp"

namespace vellum::http::detail {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;
using BeastStreamHeader = boost::beast::http::response<boost::beast::http::empty_body>;

// Moves method, target, headers and body into `out`. False when the target is not a valid URI.
[[nodiscard]] bool to_request(BeastRequest&& in, Request& out);

// Never throws: a response that cannot be represented (status outside 100–999) becomes a 500.
// Framing fields set by a handler (Content-Length, Transfer-Encoding, Connection) are ignored — the
// server owns framing — and fields with CR/LF/NUL are dropped, so a handler cannot split a response.
[[nodiscard]] BeastResponse to_beast(Response&& response, unsigned version, bool keep_alive, bool head) noexcept;
[[nodiscard]] BeastStreamHeader to_stream_header(const Response& response, unsigned version, bool keep_alive,
                                                 bool chunked) noexcept;

// What a failed read deserves: 400 for malformed HTTP; 0 to close without answering (timeout, the
// client went away). Header and body limits are handled by the caller, which knows the sizes.
[[nodiscard]] int status_for_read_error(const boost::beast::error_code& ec) noexcept;

}  // namespace vellum::http::detail
