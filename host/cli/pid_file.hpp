// server.pid_file (default <data_dir>/vellum.pid): the running server's process id, so that
// `kill -HUP "$(cat data/vellum.pid)"` reaches this server even when several run on one host
// (`pidof vellum` names them all). Written once the server listens; removed at a clean stop when it
// still names this process (a server started since on the same file keeps its own). Failures are
// logged, never fatal: the server serves without it.
#pragma once

#include <filesystem>

namespace vellum::cli {

void write_pid_file(const std::filesystem::path& file);
void remove_pid_file(const std::filesystem::path& file);

}  // namespace vellum::cli
