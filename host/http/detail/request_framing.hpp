// The rules of RFC 9112 on how a request is framed (§6.1, §6.3) and addressed (§3.2) that Beast's
// parser leaves to us. Beast reads "Transfer-Encoding: xchunked" or "chunked, identity" as "no body",
// so the body that follows would be parsed as a second, smuggled request; and it accepts any number
// of Host fields. Internal.
#pragma once

#include <string>

#include "http/detail/beast_messages.hpp"

namespace vellum::http::detail {

// Checks a request header as soon as it is parsed, before any body byte is read. Returns why the
// request must be answered with 400 and its connection closed, or "" when it may go on:
//   - Transfer-Encoding other than one field of exactly "chunked" (we implement no other coding,
//     and a faulty framing leaves no way to tell where the next request starts);
//   - Transfer-Encoding together with Content-Length, or in an HTTP/1.0 request;
//   - no Host in HTTP/1.1, more than one Host, or a Host that is not host[:port].
[[nodiscard]] std::string framing_problem(const BeastRequest& head);

}  // namespace vellum::http::detail
