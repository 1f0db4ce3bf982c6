// A libpq connection target as keyword/value pairs, read from either spelling libpq documents: a URI
// (postgresql://user:pass@host:port/db?sslmode=require) or "host=… dbname=…". SOCI hands its
// connect string to libpq in a way only the keyword form survives, so URIs are converted here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vellum/sdk/result.hpp"

namespace vellum::storage_postgres {

class ConnectionTarget {
 public:
  // invalid_argument names what is wrong (never echoing the password).
  static sdk::Result<ConnectionTarget> parse(std::string_view text);

  [[nodiscard]] std::optional<std::string> get(std::string_view key) const;
  void set(std::string_view key, std::string value);  // replaces the value, or appends the key
  std::optional<std::string> take(std::string_view key);  // removes the key; its value, if it had one

  // "host='db' port='5432' …": every value quoted, so any byte survives libpq's parser.
  [[nodiscard]] std::string conninfo() const;
  // The same with the password shown as ***: for logs, describe() and error messages.
  [[nodiscard]] std::string masked() const;

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

}  // namespace vellum::storage_postgres
