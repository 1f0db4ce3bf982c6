#include "cli/admin_client.hpp"

#include <memory>

#include <curl/curl.h>

namespace vellum::cli {

namespace {

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

}  // namespace

sdk::Result<ServerAnswer> call_server(const std::string& base_url, const std::string& admin_token,
                                      const std::string& method, const std::string& path,
                                      std::chrono::seconds timeout) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(initialised ? curl_easy_init() : nullptr,
                                                           &curl_easy_cleanup);
  if (!curl) return sdk::Error(sdk::ErrorKind::internal, "cannot initialise libcurl");
  const std::string authorization = "Authorization: Bearer " + admin_token;
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(
      curl_slist_append(nullptr, authorization.c_str()), &curl_slist_free_all);
  if (!headers) return sdk::Error(sdk::ErrorKind::internal, "cannot build the request headers");

  const std::string url = base_url + path;
  ServerAnswer answer;
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "POST") {
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, "");
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, 0L);
  }
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count() * 1000));
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &answer.body);
  if (const CURLcode code = curl_easy_perform(handle); code != CURLE_OK) {
    return sdk::Error(sdk::ErrorKind::unavailable, std::string(curl_easy_strerror(code)));
  }
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

}  // namespace vellum::cli
