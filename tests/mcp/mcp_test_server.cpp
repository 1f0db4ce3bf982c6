// The server the conformance suite runs against: McpFixture with the conformance fixtures, and
// requests without credentials taken as the admin's (the suite sends none). Test tree only.
//
//   mcp_test_server [--port N]     prints "listening on 127.0.0.1:PORT" on stdout, runs until
//                                  SIGTERM or SIGINT
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include <pthread.h>
#include <spdlog/spdlog.h>

#include "mcp_fixture.hpp"

int main(int argc, char** argv) {
  std::uint16_t port = 0;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--port") == 0) port = static_cast<std::uint16_t>(std::atoi(argv[i + 1]));
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // VELLUM_TEST_LOG_LEVEL=debug shows every message the server receives.
  const char* level = std::getenv("VELLUM_TEST_LOG_LEVEL");
  spdlog::set_level(level ? spdlog::level::from_str(level) : spdlog::level::warn);
  try {
    vellum::test::McpFixtureOptions options;
    options.conformance_fixtures = true;
    options.anonymous_is_admin = true;
    options.port = port;
    // The suite opens a session per scenario and deletes none of them; repeated runs against one
    // server must not meet the production limits.
    options.http.rate_limit_requests = 0;
    options.http.rate_limit_initialize = 0;
    options.http.sessions.max_total = 100'000;
    options.http.sessions.max_per_token = 100'000;
    vellum::test::McpFixture server(options);
    std::cout << "listening on 127.0.0.1:" << server.port() << std::endl;
    int received = 0;
    sigwait(&signals, &received);
  } catch (const std::exception& e) {
    std::cerr << "mcp_test_server: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
