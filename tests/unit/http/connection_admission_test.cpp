// Which connections the server lets in: at most max_connections in all and
// max_connections_per_address from one peer; refused ones take no slot.
#include <catch2/catch.hpp>

#include "http/detail/server_state.hpp"

using vellum::http::ServerOptions;
using vellum::http::detail::Admission;
using vellum::http::detail::ServerState;

TEST_CASE("admission: per address, then in all, a closed connection frees its slot", "[http]") {
  ServerOptions options;
  options.max_connections = 4;
  options.max_connections_per_address = 2;
  ServerState state(options, {}, {}, 1, 1);

  const auto a1 = state.add(nullptr, "10.0.0.1");
  const auto a2 = state.add(nullptr, "10.0.0.1");
  CHECK(a1.admission == Admission::admitted);
  CHECK(a2.admission == Admission::admitted);
  CHECK(state.add(nullptr, "10.0.0.1").admission == Admission::over_address);
  CHECK(state.add(nullptr, "10.0.0.1").admission == Admission::over_address);

  // The refusals above took no slot: two more addresses fill the remaining two.
  CHECK(state.add(nullptr, "10.0.0.2").admission == Admission::admitted);
  CHECK(state.add(nullptr, "10.0.0.3").admission == Admission::admitted);
  CHECK(state.add(nullptr, "10.0.0.4").admission == Admission::over_total);
  CHECK(state.open() == 7);  // every connection is registered, so that stop() can close it

  state.remove(a1.id);
  CHECK(state.add(nullptr, "10.0.0.4").admission == Admission::admitted);
  CHECK(state.add(nullptr, "10.0.0.1").admission == Admission::over_total);
  state.remove(a2.id);
  CHECK(state.add(nullptr, "10.0.0.1").admission == Admission::admitted);
}

TEST_CASE("admission: a per-address limit of 0 means none", "[http]") {
  ServerOptions options;
  options.max_connections = 3;
  options.max_connections_per_address = 0;
  ServerState state(options, {}, {}, 1, 1);
  for (int i = 0; i < 3; ++i) CHECK(state.add(nullptr, "10.0.0.1").admission == Admission::admitted);
  CHECK(state.add(nullptr, "10.0.0.1").admission == Admission::over_total);
}
