#include "bench/server_process.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <thread>

#include "support/http_client.hpp"

namespace vellum::bench {
namespace {

// The server's log is at warn, so it never prints the port it bound: pick a free one ourselves.
std::uint16_t free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("cannot find a free port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

std::string random_token() {
  std::random_device rd;
  std::string token = "bench-";
  for (int i = 0; i < 32; ++i) token += "0123456789abcdef"[rd() % 16];
  return token;
}

// RunningProcess hides the pid; our child is the `vellum` process whose parent is us.
int child_pid_named(const std::string& comm) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const auto name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string pid, command, state;
    long ppid = 0;
    if (stat >> pid >> command >> state >> ppid && ppid == getpid() && command == "(" + comm + ")")
      return std::stoi(pid);
  }
  return -1;
}

std::string storage_yaml(const PgSchema* schema) {
  if (!schema) return {};  // SQLite, the default, in the data directory
  return "storage:\n  backend: postgres\n  postgres:\n    url: \"" + schema->url() + "\"\n    schema: " +
         schema->name() + "\n";
}

}  // namespace

ServerProcess::ServerProcess(const std::string& extra_yaml, const std::string& pg_url)
    : schema_(pg_url.empty() ? nullptr : std::make_unique<PgSchema>(pg_url)),
      token_(random_token()),
      port_(free_port()) {
  dir_.write("vellum.yaml", "server:\n  host: 127.0.0.1\n  port: " + std::to_string(port_) +
                                "\n  rate_limit_general: 0\n  rate_limit_public: 0\nlog:\n  level: warn\n" +
                                storage_yaml(schema_.get()) + extra_yaml);
  process_ = std::make_unique<test::RunningProcess>(
      std::vector<std::string>{"serve", "--config", (dir_.path() / "vellum.yaml").string()},
      test::ProcessOptions{dir_.path(), {{"AUTH_TOKEN", token_}}, {}});
  // Ready when /health answers; 30 s at most (the machine may be busy compiling).
  for (int attempt = 0; attempt < 300; ++attempt) {
    test::HttpClient client(port_);
    if (client.get("/health").status == 200) {
      pid_ = child_pid_named("vellum");  // only now: before execve the child still bears our name
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw std::runtime_error("vellum serve did not become healthy:\n" + process_->output());
}

double ServerProcess::rss_mb() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // kB
  }
  return 0;
}

bool ServerProcess::drain_queue(std::chrono::seconds limit) const {
  test::HttpClient client(port_);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    auto res = client.get("/api/queue/status", {{"Authorization", "Bearer " + token_}});
    if (res.status == 200) {
      const auto stats = res.json()["stats"];
      if (stats.value("pending", 1) == 0 && stats.value("processing", 1) == 0) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

}  // namespace vellum::bench
