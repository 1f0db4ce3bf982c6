#include "cli/verify_checks.hpp"

#include <algorithm>
#include <optional>
#include <thread>

#include "cli/verify_mcp.hpp"
#include "cli/verify_session.hpp"
#include "common/clock.hpp"
#include "common/crypto.hpp"

namespace vellum::cli::verify {

namespace {

using nlohmann::json;

constexpr std::string_view kProbeFolder = "vellum-verify";
// Waiting for the probe to be embedded polls a cheap route with a growing interval, so that a slow
// provider does not spend the token's rate-limit budget (60 requests a minute by default).
constexpr std::chrono::milliseconds kFirstPoll{250};
constexpr std::chrono::milliseconds kLongestPoll{3000};

Check pass(std::string name, std::string evidence) { return {std::move(name), Verdict::pass, std::move(evidence)}; }
Check fail(std::string name, std::string evidence) { return {std::move(name), Verdict::fail, std::move(evidence)}; }
Check skip(std::string name, std::string evidence) { return {std::move(name), Verdict::skip, std::move(evidence)}; }

std::string no_answer(const sdk::Error& error) { return "no answer: " + error.message; }

std::string ms(std::chrono::microseconds elapsed) {
  const auto tenths = elapsed.count() / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " ms";
}

std::string text_of(const json& value, const char* key) {
  return value.is_object() && value.contains(key) && value[key].is_string() ? value[key].get<std::string>() : "";
}

std::string hit_filename(const json& hit) { return text_of(hit.value("chunk", json::object()), "filename"); }

// The probe article: created, read, edited, searched for and deleted again. Its words appear in no
// other article, so each search mode must answer with it first.
struct Probe {
  std::string word = "vfy" + random_hex(6);
  std::string title = "Vellum verify probe " + word;
  std::string filename;  // once created
  std::string content() const { return "# " + title + "\n\nA probe of `vellum verify`: " + word + ".\n"; }
  std::string edited() const { return content() + "\nEdited by the same run: " + word + " again.\n"; }
};

// Deletes the probe whatever happened in between (a failed check must not leave it behind).
class ProbeCleanup {
 public:
  ProbeCleanup(Session& session, const Probe& probe) : session_(session), probe_(probe) {}
  ~ProbeCleanup() {
    if (!done_ && !probe_.filename.empty()) (void)session_.send({"DELETE", "/api/articles/" + probe_.filename, {}, {}, true});
  }
  void done() { done_ = true; }

 private:
  Session& session_;
  const Probe& probe_;
  bool done_ = false;
};

Check check_server(Session& session) {
  auto answer = session.send({"GET", "/health", {}, {}, false});
  if (!answer) return fail("server", no_answer(answer.error()));
  if (answer->status != 200) return fail("server", "/health answered " + describe(*answer));
  return pass("server", "/health answered 200 in " + ms(answer->elapsed));
}

Check check_health(Session& session, json& health) {
  auto answer = session.get("/health");
  if (!answer) return fail("health", no_answer(answer.error()));
  health = json_of(*answer);
  if (!health.is_object()) return fail("health", "the admin /health is not JSON: " + describe(*answer));
  std::vector<std::string> problems;
  for (const auto& reason : health.value("degradedReasons", json::array())) {
    if (reason.is_string()) problems.push_back(reason.get<std::string>());
  }
  const auto provider = health.value("provider", json());
  if (provider.is_object() && !provider.value("healthy", true)) {
    problems.push_back("embedding provider " + text_of(provider, "plugin") + " (" + text_of(provider, "model") +
                       "): " + text_of(provider, "message"));
  }
  const auto runtime = health.value("runtime", json::object());
  const auto last_reload = runtime.value("lastReload", json());
  if (last_reload.is_object() && text_of(last_reload, "outcome") == "refused") {
    problems.push_back("the last reload was refused, so the configuration file holds a change the server does not "
                       "run (vellum reload says why)");
  }
  const std::string generation = "generation " + std::to_string(runtime.value("generation", 0));
  if (!problems.empty()) {
    std::string text = generation + ", status " + text_of(health, "status");
    for (const auto& problem : problems) text += "; " + problem;
    return fail("health", text);
  }
  std::string text = generation + ", status " + text_of(health, "status");
  if (provider.is_object()) text += ", embedding " + text_of(provider, "plugin") + " " + text_of(provider, "model");
  return pass("health", text);
}

// Create, read, update; the caller deletes. Fills `probe.filename`; `write_error` tells the database
// check why the first write did not commit.
Check check_articles(Session& session, Probe& probe, std::optional<std::string>& write_error) {
  auto created = session.send_json(
      "POST", "/api/articles", {{"title", probe.title}, {"content", probe.content()}, {"folder", kProbeFolder}});
  if (!created) return fail("articles", "create: " + no_answer(created.error()));
  if (created->status != 201) {
    if (created->status >= 500) write_error = describe(*created);
    return fail("articles", "create: " + describe(*created));
  }
  probe.filename = text_of(json_of(*created), "filename");
  if (probe.filename.empty()) return fail("articles", "create: the answer names no filename: " + created->body);
  auto read = session.get("/api/articles/" + probe.filename);
  if (!read) return fail("articles", "read: " + no_answer(read.error()));
  if (read->status != 200 || text_of(json_of(*read), "content").find(probe.word) == std::string::npos) {
    return fail("articles", "read " + probe.filename + ": " + describe(*read));
  }
  auto updated = session.send_json("PUT", "/api/articles/" + probe.filename,
                                    {{"title", probe.title}, {"content", probe.edited()}, {"folder", kProbeFolder}});
  if (!updated) return fail("articles", "update: " + no_answer(updated.error()));
  if (updated->status != 200) return fail("articles", "update " + probe.filename + ": " + describe(*updated));
  return pass("articles", "created, read and updated " + probe.filename + " in folder " + std::string(kProbeFolder));
}

Check check_versions(Session& session, const Probe& probe) {
  auto versions = session.get("/api/articles/" + probe.filename + "/versions");
  if (!versions) return fail("versions", no_answer(versions.error()));
  const auto list = json_of(*versions);
  if (versions->status != 200 || !list.is_array()) return fail("versions", describe(*versions));
  if (list.size() < 2) return fail("versions", std::to_string(list.size()) + " version(s) after a create and an edit");
  return pass("versions", std::to_string(list.size()) + " versions after a create and an edit");
}

Check check_delete(Session& session, ProbeCleanup& cleanup, const Probe& probe) {
  auto removed = session.send({"DELETE", "/api/articles/" + probe.filename, {}, {}, true});
  if (!removed) return fail("delete", no_answer(removed.error()));
  if (removed->status != 200) return fail("delete", describe(*removed));
  cleanup.done();
  auto gone = session.get("/api/articles/" + probe.filename);
  if (!gone) return fail("delete", "read after delete: " + no_answer(gone.error()));
  if (gone->status != 404) return fail("delete", "read after delete answered " + describe(*gone) + ", not 404");
  return pass("delete", "deleted " + probe.filename + ", read answers 404");
}

struct SearchAnswer {
  sdk::Result<ServerAnswer> answer;
  json hits;
};

SearchAnswer search(Session& session, std::string_view mode, const std::string& query) {
  auto answer = session.get("/api/search?mode=" + std::string(mode) + "&query=" + query);
  json hits = answer ? json_of(*answer) : json();
  return {std::move(answer), std::move(hits)};
}

std::string set_of(const ServerAnswer& answer) {
  auto it = answer.headers.find("vellum-embedding-set");
  return it == answer.headers.end() ? std::string() : it->second;
}

std::optional<std::string> degraded(const ServerAnswer& answer) {
  auto it = answer.headers.find("vellum-search-degraded");
  if (it == answer.headers.end()) return std::nullopt;
  return it->second;
}

// One search mode: answers 200 and, with a probe, names it first. Semantic and hybrid also name the
// embedding set that answered and are not degraded.
Check check_search(Session& session, std::string_view mode, const std::string& query, const std::string& expected,
                   const std::string& waited) {
  const std::string name = "search-" + std::string(mode);
  const bool semantic = mode != "keyword";
  auto found = search(session, mode, query);
  if (!found.answer) return fail(name, no_answer(found.answer.error()));
  const auto& answer = *found.answer;
  if (answer.status != 200 || !found.hits.is_array()) return fail(name, describe(answer));
  if (auto reason = degraded(answer); reason && semantic) return fail(name, "degraded: " + *reason);
  const std::string set = set_of(answer);
  if (semantic && set.empty()) return fail(name, "the answer names no embedding set (Vellum-Embedding-Set)");
  const std::string from = semantic ? ", embedding set " + set : "";
  if (expected.empty()) return pass(name, std::to_string(found.hits.size()) + " hits for '" + query + "'" + from);
  if (!found.hits.empty() && hit_filename(found.hits[0]) == expected) return pass(name, "found the probe first" + from);
  return fail(name, "the probe was not found first (" +
                        (found.hits.empty() ? std::string("no hits") : "first hit " + hit_filename(found.hits[0])) +
                        ")" + waited + from);
}

// Waits until the active embedding set holds the probe (it leaves /api/rag/status's unindexedFiles),
// at most `wait`. Answers "" when it does, else why not, for the semantic check's evidence.
std::string wait_until_embedded(Session& session, const std::string& filename, std::chrono::seconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  auto interval = kFirstPoll;
  while (true) {
    auto status = session.get("/api/rag/status");
    if (!status) return "; /api/rag/status: " + no_answer(status.error());
    if (status->status != 200) return "; /api/rag/status: " + describe(*status);
    const auto unindexed = json_of(*status).value("unindexedFiles", json::array());
    if (std::find(unindexed.begin(), unindexed.end(), json(filename)) == unindexed.end()) return "";
    if (std::chrono::steady_clock::now() + interval > deadline) break;
    std::this_thread::sleep_for(interval);
    interval = std::min(interval * 2, kLongestPoll);
  }
  return "; not embedded within " + std::to_string(wait.count()) + " s (--wait)";
}

Check check_queue(Session& session, json& status) {
  auto answer = session.get("/api/queue/status");
  if (!answer) return fail("queue", no_answer(answer.error()));
  status = json_of(*answer);
  if (answer->status != 200 || !status.is_object()) return fail("queue", describe(*answer));
  if (!status.value("enabled", true)) return pass("queue", "off by configuration: " + text_of(status, "message"));
  std::string strategy;
  if (auto runtime = session.get("/api/admin/runtime"); runtime && runtime->status == 200) {
    const auto slots = json_of(*runtime).value("slots", json::object());
    if (slots.contains("queue") && slots["queue"].is_object()) strategy = text_of(slots["queue"], "plugin");
  }
  const auto worker = status.value("worker", json::object());
  const std::string state = text_of(worker, "status");
  const auto health = status.value("health", json::object());
  std::vector<std::string> problems;
  if (state == "Paused" || state == "Draining" || state == "Stopped (emergency stop)") {
    problems.push_back("stopped by an operator (" + state + ") while the configuration runs the " + strategy +
                       " strategy: `vellum queue start` resumes it");
  } else if (state != "Running" && strategy != "sync") {
    problems.push_back("no live worker (" + state + ")");
  }
  for (const auto& issue : health.value("issues", json::array())) {
    if (issue.is_string()) problems.push_back(issue.get<std::string>());
  }
  const auto stats = status.value("stats", json::object());
  const std::string counts = std::to_string(stats.value("pending", 0)) + " pending, " +
                             std::to_string(stats.value("processing", 0)) + " processing";
  if (!problems.empty()) {
    std::string text = strategy + ", " + state + ", " + counts;
    for (const auto& problem : problems) text += "; " + problem;
    return fail("queue", text);
  }
  return pass("queue", strategy + ", " + state + ", " + counts);
}

// Failed tasks that ended within the last hour (cancelled ones are an operator's, not errors).
Check check_queue_errors(const json& status) {
  if (!status.is_object() || !status.value("enabled", true)) return skip("queue-errors", "the queue is off");
  const auto since = to_epoch_ms(now_ms()) - 3'600'000;
  int recent = 0;
  std::string newest;
  for (const auto& error : status.value("recentErrors", json::array())) {
    const auto at = parse_iso8601(text_of(error, "completedAt"));
    if (!at || to_epoch_ms(*at) < since) continue;
    if (recent++ == 0) newest = text_of(error, "slug") + ": " + text_of(error, "errorMessage");
  }
  if (recent > 0) {
    return fail("queue-errors", std::to_string(recent) + " task(s) failed in the last hour; newest " + newest +
                                    " (vellum queue failed)");
  }
  return pass("queue-errors", "no task failed in the last hour");
}

Check check_database(const json& health, const std::optional<std::string>& write_error, bool wrote) {
  const auto database = health.is_object() ? health.value("database", json::object()) : json::object();
  if (!database.value("healthy", false)) return fail("database", "unhealthy: " + text_of(database, "message"));
  if (write_error) return fail("database", "a write did not commit: " + *write_error);
  return pass("database", wrote ? text_of(database, "message") + "; the probe's writes committed"
                                : text_of(database, "message"));
}

Check check_latency(const std::vector<Timing>& timings, std::chrono::milliseconds budget) {
  if (timings.empty()) return skip("latency", "no request answered");
  std::vector<std::chrono::microseconds> sorted;
  for (const auto& timing : timings) sorted.push_back(timing.elapsed);
  std::sort(sorted.begin(), sorted.end());
  const auto slowest = std::max_element(timings.begin(), timings.end(),
                                        [](const Timing& a, const Timing& b) { return a.elapsed < b.elapsed; });
  const std::string text = std::to_string(timings.size()) + " requests, median " + ms(sorted[sorted.size() / 2]) +
                           ", slowest " + ms(slowest->elapsed) + " (" + slowest->request + "), budget " +
                           std::to_string(budget.count()) + " ms";
  return slowest->elapsed > budget ? fail("latency", text) : pass("latency", text);
}

}  // namespace

std::string_view to_string(Verdict verdict) noexcept {
  switch (verdict) {
    case Verdict::pass: return "pass";
    case Verdict::fail: return "fail";
    case Verdict::skip: return "skip";
  }
  return "fail";
}

std::vector<std::string> Report::failed() const {
  std::vector<std::string> names;
  for (const auto& check : checks) {
    if (check.verdict == Verdict::fail) names.push_back(check.name);
  }
  return names;
}

Report run(const std::string& url, const std::string& admin_token, const Options& options,
           const std::function<void(const std::string&)>& notice) {
  Report report{url, {}};
  Session session(url, admin_token, options.request_timeout, notice);
  auto& checks = report.checks;
  checks.push_back(check_server(session));
  if (checks.back().verdict == Verdict::fail) return report;  // nothing else can answer

  json health;
  checks.push_back(check_health(session, health));
  json queue_status;
  checks.push_back(check_queue(session, queue_status));
  const bool queue_runs = checks.back().verdict == Verdict::pass;
  checks.push_back(check_queue_errors(queue_status));

  std::optional<std::string> write_error;
  bool wrote = false;
  if (options.quick) {
    for (const char* name : {"articles", "versions", "delete"}) checks.push_back(skip(name, "--quick: no probe article"));
    for (const char* mode : {"keyword", "semantic", "hybrid"}) {
      checks.push_back(check_search(session, mode, "vellum", "", ""));
    }
  } else {
    Probe probe;
    ProbeCleanup cleanup(session, probe);
    checks.push_back(check_articles(session, probe, write_error));
    const bool created = !probe.filename.empty();
    wrote = created;
    if (created && checks.back().verdict == Verdict::pass) {
      checks.push_back(check_versions(session, probe));
      checks.push_back(check_search(session, "keyword", probe.word, probe.filename, ""));
      // A stopped queue embeds nothing: the queue check has said so, waiting would only add to it.
      const auto waited = queue_runs ? wait_until_embedded(session, probe.filename, options.wait)
                                     : std::string("; not embedded: the queue does not run");
      checks.push_back(check_search(session, "semantic", probe.word, probe.filename, waited));
      checks.push_back(check_search(session, "hybrid", probe.word, probe.filename, waited));
    } else {
      checks.push_back(skip("versions", "no probe article"));
      for (const char* mode : {"search-keyword", "search-semantic", "search-hybrid"}) {
        checks.push_back(skip(mode, "no probe article"));
      }
    }
    if (created) {
      checks.push_back(check_delete(session, cleanup, probe));
    } else {
      checks.push_back(skip("delete", "no probe article"));
    }
  }
  checks.push_back(check_mcp(session));
  checks.push_back(check_database(health, write_error, wrote));
  checks.push_back(check_latency(session.timings(), options.budget));
  return report;
}

}  // namespace vellum::cli::verify
