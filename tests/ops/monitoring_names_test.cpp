// packaging/monitoring's alert rules and dashboard name only metrics a real server's /metrics serves:
// a renamed metric fails here, not silently in an operator's Prometheus.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "ops/ops_rig.hpp"

using namespace vellum::test;

namespace {

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::set<std::string> served_metrics(const std::string& exposition) {
  std::set<std::string> names;
  const std::regex type_line(R"(# TYPE (vellum_[a-z0-9_]+) )");
  for (std::sregex_iterator it(exposition.begin(), exposition.end(), type_line), end; it != end; ++it) {
    names.insert((*it)[1].str());
  }
  return names;
}

// vellum_* words of a file; a summary's _sum and _count belong to the summary.
std::set<std::string> named_metrics(const std::string& text, const std::set<std::string>& served) {
  std::set<std::string> names;
  const std::regex word(R"(\bvellum_[a-z0-9_]+)");
  for (std::sregex_iterator it(text.begin(), text.end(), word), end; it != end; ++it) {
    std::string name = (*it).str();
    for (const char* suffix : {"_sum", "_count"}) {
      const std::string s(suffix);
      if (!served.count(name) && name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
        name.resize(name.size() - s.size());
      }
    }
    names.insert(name);
  }
  return names;
}

}  // namespace

TEST_CASE("the alert rules and the dashboard name only metrics /metrics serves", "[ops]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Measured", "# Measured\ntext");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  const auto exposition = rig.get("/metrics").body;
  const auto served = served_metrics(exposition);
  REQUIRE(served.count("vellum_queue_tasks"));
  // What Prometheus will parse: promtool's linter (names, types, HELP lines) accepts all of it.
  if (std::string promtool = VELLUM_PROMTOOL; !promtool.empty()) {
    const auto file = rig.dir().write("metrics.txt", exposition).string();
    CHECK(std::system((promtool + " check metrics < '" + file + "'").c_str()) == 0);
  } else {
    WARN("promtool not installed: /metrics not linted");
  }
  // The families of the metrics registry (issue 19) are served from the start, before anything
  // degrades: an alert on them is never a rule on a name that does not exist yet.
  for (const char* name : {"vellum_provider_available", "vellum_provider_calls_total", "vellum_provider_failures_total",
                           "vellum_index_follower_lag_seconds", "vellum_index_follower_lag_threshold_seconds",
                           "vellum_index_follower_changes_behind", "vellum_index_follower_errors_total",
                           "vellum_search_semantic_failures_total"}) {
    INFO(name);
    CHECK(served.count(name) == 1);
  }

  const std::string dir = std::string(VELLUM_SOURCE_DIR) + "/packaging/monitoring/";
  for (const char* file : {"vellum-alerts.yml", "vellum-dashboard.json"}) {
    const auto named = named_metrics(file_text(dir + file), served);
    CHECK(named.size() >= 8);
    for (const auto& name : named) {
      INFO(file << " names " << name);
      CHECK(served.count(name) == 1);
    }
  }
}
