#include "transport_errors.hpp"

#include <string>

#include "vellum/embedding_http/http_errors.hpp"

namespace vellum::embedding_http {

sdk::Error transport_error(CURLcode code, std::string_view detail, const HttpRequest& request, bool response_too_large) {
  using sdk::ErrorKind;
  const std::string where = "POST " + request.url;
  const std::string why = detail.empty() ? std::string(curl_easy_strerror(code)) : std::string(detail);
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return sdk::Error(ErrorKind::transient, "timed out: no answer from " + where + " within " +
                                                  format_duration(request.timeout) + " (" + request.timeout_reason +
                                                  "): " + why);
    case CURLE_COULDNT_CONNECT:
      return sdk::Error(ErrorKind::transient, "cannot connect to " + request.url + ": " + why);
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return sdk::Error(ErrorKind::transient, "cannot resolve the host of " + request.url + ": " + why);
    case CURLE_GOT_NOTHING:
      return sdk::Error(ErrorKind::transient, "connection dropped: " + where + " closed without a response");
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
      return sdk::Error(ErrorKind::transient, "connection dropped during " + where + ": " + why);
    case CURLE_SSL_CONNECT_ERROR:
      return sdk::Error(ErrorKind::transient, "TLS handshake with " + request.url + " failed: " + why);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
      return sdk::Error(ErrorKind::permanent, "TLS certificate of " + request.url + " rejected: " + why);
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return sdk::Error(ErrorKind::permanent, "cannot use the URL " + request.url + ": " + why);
    case CURLE_WRITE_ERROR:
      if (response_too_large) {
        return sdk::Error(ErrorKind::permanent, "the response of " + where + " is too large to be embeddings");
      }
      return sdk::Error(ErrorKind::internal, "cannot store the response of " + where + ": " + why);
    case CURLE_OUT_OF_MEMORY:
      return sdk::Error(ErrorKind::internal, "out of memory during " + where);
    default:
      return sdk::Error(ErrorKind::transient, where + " failed: " + why);
  }
}

}  // namespace vellum::embedding_http
