#include "cli/admin_client.hpp"

#include <algorithm>
#include <cctype>
#include <memory>

#include <curl/curl.h>

namespace vellum::cli {

namespace {

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// "Name: value\r\n" → headers[name in lower case] = value; the status line and blank lines are skipped.
std::size_t collect_header(char* data, std::size_t size, std::size_t count, void* out) {
  const std::string line(data, size * count);
  if (const auto colon = line.find(':'); colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    const auto first = value.find_first_not_of(" \t");
    const auto last = value.find_last_not_of(" \t\r\n");
    value = first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
    (*static_cast<std::map<std::string, std::string>*>(out))[name] = value;
  }
  return size * count;
}

}  // namespace

sdk::Result<ServerAnswer> call_server(const std::string& base_url, const std::string& admin_token,
                                      const ServerRequest& request, std::chrono::seconds timeout) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(initialised ? curl_easy_init() : nullptr,
                                                           &curl_easy_cleanup);
  if (!curl) return sdk::Error(sdk::ErrorKind::internal, "cannot initialise libcurl");
  std::vector<std::string> lines;
  if (request.authorize) lines.push_back("Authorization: Bearer " + admin_token);
  for (const auto& [name, value] : request.headers) lines.push_back(name + ": " + value);
  // libcurl would add "Expect: 100-continue" to larger bodies and wait for it.
  lines.push_back("Expect:");
  curl_slist* list = nullptr;
  for (const auto& line : lines) {
    curl_slist* next = curl_slist_append(list, line.c_str());
    if (!next) {
      curl_slist_free_all(list);
      return sdk::Error(sdk::ErrorKind::internal, "cannot build the request headers");
    }
    list = next;
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(list, &curl_slist_free_all);

  const std::string url = base_url + request.path;
  ServerAnswer answer;
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "POST" || request.method == "PUT" || !request.body.empty()) {
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count() * 1000));
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, collect_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &answer.headers);
  const auto started = std::chrono::steady_clock::now();
  if (const CURLcode code = curl_easy_perform(handle); code != CURLE_OK) {
    return sdk::Error(sdk::ErrorKind::unavailable, std::string(curl_easy_strerror(code)));
  }
  answer.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

}  // namespace vellum::cli
