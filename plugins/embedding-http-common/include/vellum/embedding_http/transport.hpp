// The libcurl transport of one provider instance: ONE multi handle, driven by one thread, so every
// request of the instance shares one connection cache (keep-alive across calls) without sharing
// curl handles between threads, which libcurl does not support. Callers on any thread submit a
// transfer and wait for it; a stop request removes the transfer at once instead of waiting for the
// next timeout.
#pragma once

#include <memory>
#include <stop_token>

#include "vellum/embedding_http/http_reply.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::embedding_http {

class Transport {
 public:
  // Fails (internal) only when libcurl cannot be initialised.
  [[nodiscard]] static sdk::Result<std::unique_ptr<Transport>> create();
  ~Transport();  // aborts transfers still running (their callers get `unavailable`) and joins the driver
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // POSTs request.body. Any HTTP status is a reply; transport failures are errors: transient for
  // timeouts, refused/dropped connections and DNS failures, cancelled on `stop`, permanent for what
  // retrying cannot fix (a malformed URL, a rejected TLS certificate).
  [[nodiscard]] sdk::Result<HttpReply> post(const HttpRequest& request, std::stop_token stop);

  // TCP connections opened so far; tests and metrics use it to see keep-alive working.
  [[nodiscard]] long connections_opened() const noexcept;

 private:
  struct Impl;
  explicit Transport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vellum::embedding_http
