#include "vellum/embedding_http/transport.hpp"

#include <array>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <curl/curl.h>

#include "transport_errors.hpp"

namespace vellum::embedding_http {

namespace {

// Embeddings for 2,048 inputs of 3,072 dimensions as JSON text are ~130 MB; anything far beyond is
// not an embedding response, and buffering it would only exhaust memory.
constexpr std::size_t kMaxResponseBytes = std::size_t{512} * 1024 * 1024;
// How long the driver sleeps when nothing happens; submissions and cancellations wake it at once.
constexpr int kIdlePollMs = 1000;

bool global_init() {
  static const bool ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  return ok;
}

bool iequals_prefix(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  }
  return true;
}

std::string header_value(std::string_view line, std::size_t name_size) {
  std::string_view value = line.substr(name_size + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
  return std::string(value);
}

// One request in flight: owned jointly by the waiting caller and the driver thread.
struct Transfer {
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string body;
  HttpReply reply;
  CURLcode result = CURLE_OK;
  std::array<char, CURL_ERROR_SIZE> error{};
  bool too_large = false;
  bool done = false;
  bool cancelled = false;
  bool shut_down = false;
  long connects = 0;

  Transfer() = default;
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;
  ~Transfer() {
    if (easy != nullptr) curl_easy_cleanup(easy);
    curl_slist_free_all(headers);
  }
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (transfer->reply.body.size() + n > kMaxResponseBytes) {
    transfer->too_large = true;
    return 0;  // libcurl aborts with CURLE_WRITE_ERROR
  }
  transfer->reply.body.append(data, n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {  // a new response (after 100 Continue): forget the previous one's fields
    transfer->reply.retry_after.reset();
    transfer->reply.retry_after_ms.reset();
  } else if (iequals_prefix(line, "retry-after")) {
    transfer->reply.retry_after = header_value(line, 11);
  } else if (iequals_prefix(line, "retry-after-ms")) {
    transfer->reply.retry_after_ms = header_value(line, 14);
  }
  return size * count;
}

bool configure(Transfer& t, const HttpRequest& request) {
  t.easy = curl_easy_init();
  if (t.easy == nullptr) return false;
  t.body = request.body;
  for (const char* fixed : {"Content-Type: application/json", "Accept: application/json",
                            "Expect:"}) {  // "Expect:" skips curl's 100-continue round trip on large bodies
    t.headers = curl_slist_append(t.headers, fixed);
  }
  for (const auto& line : request.headers) t.headers = curl_slist_append(t.headers, line.c_str());
  CURL* e = t.easy;
  bool ok = true;
  auto set = [&ok](CURLcode code) { ok = ok && code == CURLE_OK; };
  set(curl_easy_setopt(e, CURLOPT_URL, request.url.c_str()));
  set(curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https"));
  set(curl_easy_setopt(e, CURLOPT_POST, 1L));
  set(curl_easy_setopt(e, CURLOPT_POSTFIELDS, t.body.data()));
  set(curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t.body.size())));
  set(curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers));
  set(curl_easy_setopt(e, CURLOPT_USERAGENT, "vellum-embedding/1"));
  set(curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""));  // gzip if offered: vectors compress well
  set(curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L));         // we run on many threads; no SIGALRM for DNS
  set(curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L));
  set(curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::max<long long>(1, request.connect_timeout.count()))));
  set(curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<long long>(1, request.timeout.count()))));
  set(curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error.data()));
  set(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body));
  set(curl_easy_setopt(e, CURLOPT_WRITEDATA, &t));
  set(curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header));
  set(curl_easy_setopt(e, CURLOPT_HEADERDATA, &t));
  set(curl_easy_setopt(e, CURLOPT_PRIVATE, &t));
  // Proxies from the environment are honoured (corporate networks), except for this machine.
  if (request.bypass_proxy) set(curl_easy_setopt(e, CURLOPT_NOPROXY, "*"));
  return ok;
}

}  // namespace

struct Transport::Impl {
  CURLM* multi = nullptr;
  std::mutex mutex;
  std::condition_variable_any finished;
  std::vector<std::shared_ptr<Transfer>> to_add;
  std::vector<std::shared_ptr<Transfer>> to_cancel;
  bool stopping = false;
  std::atomic<long> connections{0};
  std::map<CURL*, std::shared_ptr<Transfer>> active;  // driver thread only
  std::thread driver;

  ~Impl() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    curl_multi_wakeup(multi);
    if (driver.joinable()) driver.join();
    curl_multi_cleanup(multi);
  }

  void finish(const std::shared_ptr<Transfer>& t, CURLcode result, bool cancelled, bool shut_down) {
    long status = 0;
    long connects = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &connects);
    connections.fetch_add(connects, std::memory_order_relaxed);
    std::lock_guard lock(mutex);
    t->reply.status = status;
    t->result = result;
    t->cancelled = cancelled;
    t->shut_down = shut_down;
    t->done = true;
    finished.notify_all();
  }

  void detach(const std::shared_ptr<Transfer>& t, CURLcode result, bool cancelled, bool shut_down) {
    curl_multi_remove_handle(multi, t->easy);
    finish(t, result, cancelled, shut_down);
  }

  void run() {
    std::unique_lock lock(mutex);
    for (;;) {
      auto adding = std::exchange(to_add, {});
      auto cancelling = std::exchange(to_cancel, {});
      const bool stop = stopping;
      lock.unlock();
      for (auto& t : adding) {
        if (curl_multi_add_handle(multi, t->easy) == CURLM_OK) {
          active.emplace(t->easy, t);
        } else {
          finish(t, CURLE_FAILED_INIT, false, false);
        }
      }
      for (auto& t : cancelling) {
        if (active.erase(t->easy) > 0) detach(t, CURLE_ABORTED_BY_CALLBACK, true, false);
      }
      if (stop) {
        for (auto& [easy, t] : active) detach(t, CURLE_ABORTED_BY_CALLBACK, false, true);
        active.clear();
        return;
      }
      int running = 0;
      curl_multi_perform(multi, &running);
      int queued = 0;
      while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
        if (message->msg != CURLMSG_DONE) continue;
        CURL* easy = message->easy_handle;
        const CURLcode result = message->data.result;  // `message` dies with remove_handle
        auto it = active.find(easy);
        if (it == active.end()) continue;
        auto t = it->second;
        active.erase(it);
        detach(t, result, false, false);
      }
      curl_multi_poll(multi, nullptr, 0, kIdlePollMs, nullptr);
      lock.lock();
    }
  }
};

sdk::Result<std::unique_ptr<Transport>> Transport::create() {
  if (!global_init()) return sdk::Error(sdk::ErrorKind::internal, "libcurl failed to initialise");
  auto impl = std::make_unique<Impl>();
  impl->multi = curl_multi_init();
  if (impl->multi == nullptr) return sdk::Error(sdk::ErrorKind::internal, "libcurl: cannot create a multi handle");
  Impl* raw = impl.get();
  impl->driver = std::thread([raw] { raw->run(); });
  return std::unique_ptr<Transport>(new Transport(std::move(impl)));
}

Transport::Transport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Transport::~Transport() = default;

long Transport::connections_opened() const noexcept { return impl_->connections.load(std::memory_order_relaxed); }

sdk::Result<HttpReply> Transport::post(const HttpRequest& request, std::stop_token stop) {
  auto t = std::make_shared<Transfer>();
  if (!configure(*t, request)) {
    return sdk::Error(sdk::ErrorKind::internal, "libcurl refused the options for POST " + request.url);
  }
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopping) return sdk::Error(sdk::ErrorKind::unavailable, "the provider is shutting down");
    impl_->to_add.push_back(t);
  }
  curl_multi_wakeup(impl_->multi);

  std::unique_lock lock(impl_->mutex);
  if (!impl_->finished.wait(lock, stop, [&] { return t->done; })) {
    impl_->to_cancel.push_back(t);
    lock.unlock();
    curl_multi_wakeup(impl_->multi);
    lock.lock();
    impl_->finished.wait(lock, [&] { return t->done; });  // the driver lets go of the handle first
  }
  if (t->cancelled) return sdk::Error(sdk::ErrorKind::cancelled, "POST " + request.url + " cancelled");
  if (t->shut_down) return sdk::Error(sdk::ErrorKind::unavailable, "POST " + request.url + " aborted: the provider is shutting down");
  if (t->result != CURLE_OK) return transport_error(t->result, t->error.data(), request, t->too_large);
  return std::move(t->reply);
}

}  // namespace vellum::embedding_http
