#include "connection_target.hpp"

#include <cctype>

namespace vellum::storage_postgres {

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

sdk::Error bad(const std::string& why) {
  return sdk::Error(sdk::ErrorKind::invalid_argument, "database url: " + why);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const int hi = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
    const int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// host[:port][,host[:port]…] → libpq's comma-separated host and port lists; [v6] keeps its colons.
sdk::Status add_hosts(std::string_view spec, Pairs& out) {
  std::string hosts, ports;
  bool any_port = false;
  std::size_t start = 0;
  while (start <= spec.size()) {
    const std::size_t comma = spec.find(',', start);
    std::string_view item = spec.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    std::string_view host = item, port;
    if (!item.empty() && item.front() == '[') {
      const std::size_t close = item.find(']');
      if (close == std::string_view::npos) return bad("unclosed '[' in the host");
      host = item.substr(1, close - 1);
      if (close + 1 < item.size()) {
        if (item[close + 1] != ':') return bad("unexpected text after ']' in the host");
        port = item.substr(close + 2);
      }
    } else if (const std::size_t colon = item.rfind(':'); colon != std::string_view::npos) {
      host = item.substr(0, colon);
      port = item.substr(colon + 1);
    }
    for (char c : port)
      if (!std::isdigit(static_cast<unsigned char>(c))) return bad("the port must be a number");
    auto decoded = percent_decode(host);
    if (!decoded) return bad("malformed %-escape in the host");
    if (start) {
      hosts += ',';
      ports += ',';
    }
    hosts += *decoded;
    ports += port;
    any_port = any_port || !port.empty();
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (!hosts.empty() && hosts != std::string(hosts.size(), ',')) out.emplace_back("host", hosts);
  if (any_port) out.emplace_back("port", ports);
  return sdk::ok_status();
}

// postgresql://[user[:password]@][hosts][/dbname][?key=value&…], as libpq reads it.
sdk::Result<Pairs> parse_uri(std::string_view uri) {
  Pairs out;
  std::string_view rest = uri.substr(uri.find("://") + 3);
  std::string_view query;
  if (const std::size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string_view path;
  if (const std::size_t slash = rest.find('/'); slash != std::string_view::npos) {
    path = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    std::string_view user = userinfo, password;
    bool has_password = false;
    if (const std::size_t colon = userinfo.find(':'); colon != std::string_view::npos) {
      user = userinfo.substr(0, colon);
      password = userinfo.substr(colon + 1);
      has_password = true;
    }
    auto u = percent_decode(user);
    auto p = percent_decode(password);
    if (!u || !p) return bad("malformed %-escape in the user or password");
    if (!u->empty()) out.emplace_back("user", *u);
    if (has_password) out.emplace_back("password", *p);
  }
  if (auto hosts = add_hosts(rest, out); !hosts) return std::move(hosts).error();
  if (!path.empty()) {
    auto db = percent_decode(path);
    if (!db) return bad("malformed %-escape in the database name");
    out.emplace_back("dbname", *db);
  }
  std::size_t start = 0;
  while (start < query.size()) {
    const std::size_t amp = query.find('&', start);
    const std::string_view item = query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    start = amp == std::string_view::npos ? query.size() : amp + 1;
    if (item.empty()) continue;
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) return bad("query parameter without '=': " + std::string(item.substr(0, 40)));
    auto key = percent_decode(item.substr(0, eq));
    auto value = percent_decode(item.substr(eq + 1));
    if (!key || !value) return bad("malformed %-escape in a query parameter");
    out.emplace_back(*key, *value);
  }
  return out;
}

// keyword = value pairs; a value is bare or 'single quoted', with \' and \\ escapes (libpq's rules).
sdk::Result<Pairs> parse_keywords(std::string_view text) {
  Pairs out;
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  };
  while (true) {
    skip_space();
    if (i >= text.size()) break;
    const std::size_t key_start = i;
    while (i < text.size() && text[i] != '=' && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const std::string key(text.substr(key_start, i - key_start));
    skip_space();
    if (i >= text.size() || text[i] != '=') return bad("expected key=value, got '" + key + "'");
    ++i;
    skip_space();
    std::string value;
    if (i < text.size() && text[i] == '\'') {
      ++i;
      bool closed = false;
      while (i < text.size()) {
        char c = text[i++];
        if (c == '\\' && i < text.size()) {
          value += text[i++];
        } else if (c == '\'') {
          closed = true;
          break;
        } else {
          value += c;
        }
      }
      if (!closed) return bad("unterminated quoted value for '" + key + "'");
    } else {
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        value += text[i++];
      }
    }
    out.emplace_back(key, value);
  }
  return out;
}

std::string quote(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

sdk::Result<ConnectionTarget> ConnectionTarget::parse(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.empty()) return bad("empty; set storage.postgres.url (or DATABASE_URL)");
  const bool uri = text.starts_with("postgresql://") || text.starts_with("postgres://");
  if (!uri && text.find("://") != std::string_view::npos)
    return bad("only postgresql:// and postgres:// URLs are PostgreSQL connection targets");
  auto pairs = uri ? parse_uri(text) : parse_keywords(text);
  if (!pairs) return std::move(pairs).error();
  ConnectionTarget target;
  for (auto& [key, value] : pairs.value()) target.set(key, std::move(value));
  return target;
}

std::optional<std::string> ConnectionTarget::get(std::string_view key) const {
  for (const auto& [k, v] : values_)
    if (k == key) return v;
  return std::nullopt;
}

void ConnectionTarget::set(std::string_view key, std::string value) {
  for (auto& [k, v] : values_) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  values_.emplace_back(std::string(key), std::move(value));
}

std::optional<std::string> ConnectionTarget::take(std::string_view key) {
  for (auto it = values_.begin(); it != values_.end(); ++it) {
    if (it->first == key) {
      std::string value = std::move(it->second);
      values_.erase(it);
      return value;
    }
  }
  return std::nullopt;
}

std::string ConnectionTarget::conninfo() const {
  std::string out;
  for (const auto& [key, value] : values_) {
    if (!out.empty()) out += ' ';
    out += key + "=" + quote(value);
  }
  return out;
}

std::string ConnectionTarget::masked() const {
  std::string out;
  for (const auto& [key, value] : values_) {
    if (!out.empty()) out += ' ';
    out += key + "=" + (key == "password" ? std::string("***") : value);
  }
  return out;
}

}  // namespace vellum::storage_postgres
