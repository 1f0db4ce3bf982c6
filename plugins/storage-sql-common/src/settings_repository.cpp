#include "repositories.hpp"
#include "vellum/storage_sql/sql_guard.hpp"

namespace vellum::storage_sql {

sdk::Result<std::optional<std::string>> SqlSettingsRepository::get(std::string_view key) {
  return guarded(ctx_.dialect, "settings.get", [&]() -> sdk::Result<std::optional<std::string>> {
    Params p(ctx_.dialect);
    return query_text(ctx_, "SELECT value FROM settings WHERE key = " + p.text(key), p);
  });
}

sdk::Status SqlSettingsRepository::put(std::string_view key, std::string_view value) {
  return guarded(ctx_.dialect, "settings.put", [&]() -> sdk::Status {
    Params p(ctx_.dialect);
    execute(ctx_,
            "INSERT INTO settings (key, value) VALUES (" + p.text(key) + ", " + p.text(value) +
                ") ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            p);
    return sdk::ok_status();
  });
}

sdk::Result<std::map<std::string, std::string>> SqlSettingsRepository::all() {
  return guarded(ctx_.dialect, "settings.all", [&]() -> sdk::Result<std::map<std::string, std::string>> {
    std::string key, value;
    soci::statement st = (ctx_.sql.prepare << "SELECT key, value FROM settings ORDER BY key", soci::into(key),
                          soci::into(value));
    st.execute();
    std::map<std::string, std::string> out;
    while (st.fetch()) out.emplace(key, value);
    return out;
  });
}

}  // namespace vellum::storage_sql
