#include "vellum/storage_sql/sql_guard.hpp"

namespace vellum::storage_sql {

sdk::Error database_error(const Dialect& dialect, std::string_view what, const soci::soci_error& e) {
  const auto kind = dialect.classify(e);
  std::string message(what);
  switch (kind) {
    case sdk::ErrorKind::transient: message += ": database busy, try again: "; break;
    case sdk::ErrorKind::conflict: message += ": constraint violated: "; break;
    case sdk::ErrorKind::unavailable: message += ": database unavailable: "; break;
    default: message += ": database error: "; break;
  }
  message += e.get_error_message();
  return sdk::Error(kind, std::move(message));
}

}  // namespace vellum::storage_sql
