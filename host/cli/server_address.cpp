#include "cli/server_address.hpp"

#include <fstream>

#include <spdlog/spdlog.h>

#include "vellum/sdk/private_files.hpp"

namespace vellum::cli {

namespace fs = std::filesystem;

std::string local_url(const std::string& host, std::uint16_t port) {
  std::string reachable = host;
  if (host.empty() || host == "0.0.0.0") reachable = "127.0.0.1";
  if (host == "::" || host == "[::]") reachable = "::1";
  if (reachable.find(':') != std::string::npos && reachable.front() != '[') reachable = "[" + reachable + "]";
  return "http://" + reachable + ":" + std::to_string(port);
}

void publish_server_url(const fs::path& data_dir, const std::string& url) {
  if (auto written = sdk::write_private_file(data_dir / kServerUrlFileName, url + "\n"); !written) {
    spdlog::warn("cannot record the server's address for `vellum reload`: {}", written.error().message);
  }
}

void withdraw_server_url(const fs::path& data_dir, const std::string& url) {
  if (read_server_url(data_dir) != url) return;
  std::error_code ignored;
  fs::remove(data_dir / kServerUrlFileName, ignored);
}

std::optional<std::string> read_server_url(const fs::path& data_dir) {
  std::ifstream in(data_dir / kServerUrlFileName);
  std::string line;
  if (!in || !std::getline(in, line) || line.empty()) return std::nullopt;
  return line;
}

}  // namespace vellum::cli
