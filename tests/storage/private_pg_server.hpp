// A private PostgreSQL cluster for one fault test (scripts/pg_throwaway.sh), which the test may stop,
// restart and reconfigure without disturbing anything else. Started in the constructor, stopped and
// deleted in the destructor.
#pragma once

#include <string>

namespace vellum::test {

// Exits the test program with CTest's skip code (77) when no PostgreSQL server binaries
// (/usr/lib/postgresql/*/bin/pg_ctl) are installed.
void skip_without_server_binaries();

class PrivateServer {
 public:
  PrivateServer();
  ~PrivateServer();
  PrivateServer(const PrivateServer&) = delete;
  PrivateServer& operator=(const PrivateServer&) = delete;

  [[nodiscard]] const std::string& url() const { return url_; }              // the test database, superuser
  [[nodiscard]] const std::string& admin_url() const { return admin_url_; }  // database postgres, superuser
  [[nodiscard]] const std::string& root() const { return root_; }
  void halt();    // fast shutdown: sessions are terminated, the data stays
  void resume();  // starts it again on the same port

 private:
  std::string script_;
  std::string root_, url_, admin_url_;
};

}  // namespace vellum::test
