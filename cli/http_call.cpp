#include "http_call.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>

namespace entracheck::cli {
namespace {

struct Transfer {
  HttpAttempt* attempt;
  std::size_t max_body;
};

bool starts_with_ci(const std::string& text, const char* prefix) {
  const std::size_t n = std::char_traits<char>::length(prefix);
  if (text.size() < n) return false;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n' || text.back() == ' ' ||
                           text.back() == '\t')) {
    text.pop_back();
  }
  std::size_t start = 0;
  while (start < text.size() && (text[start] == ' ' || text[start] == '\t')) ++start;
  return text.substr(start);
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    // A new status line (after a 100 Continue, say): only the last block counts.
    transfer->attempt->content_types.clear();
    transfer->attempt->location.clear();
  } else if (starts_with_ci(line, "content-type:")) {
    transfer->attempt->content_types.push_back(trim(line.substr(13)));
  } else if (starts_with_ci(line, "location:")) {
    transfer->attempt->location = trim(line.substr(9));
  }
  return size * count;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string& body = transfer->attempt->body;
  const std::size_t room = transfer->max_body - std::min(transfer->max_body, body.size());
  const std::size_t n = size * count;
  body.append(data, std::min(room, n));
  if (n > room) {
    transfer->attempt->body_cut = true;
    return 0;  // a short count makes libcurl abort the transfer: nothing more is read
  }
  return n;
}

}  // namespace

void http_global_init() { curl_global_init(CURL_GLOBAL_DEFAULT); }

HttpAttempt http_post(const HttpRequest& request) {
  HttpAttempt attempt;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    attempt.transport = Transport::kConnectionFailed;
    attempt.reason = "libcurl could not start";
    return attempt;
  }
  Transfer transfer{&attempt, request.max_body};
  curl_slist* headers = nullptr;
  for (const std::string& header : request.headers)
    headers = curl_slist_append(headers, header.c_str());
  // libcurl would add "Accept: */*" and, for large bodies, "Expect: 100-continue"; Entra sends
  // neither, so they are removed.
  headers = curl_slist_append(headers, "Accept:");
  headers = curl_slist_append(headers, "Expect:");
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout_ms));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // threads in load mode
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!request.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, request.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  const auto start = std::chrono::steady_clock::now();
  const CURLcode code = curl_easy_perform(curl);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  attempt.elapsed_ms = static_cast<std::uint32_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count());
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  attempt.status = static_cast<int>(status);
  const std::string detail = error[0] != '\0' ? std::string(error) : curl_easy_strerror(code);
  if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && attempt.body_cut)) {
    attempt.transport = Transport::kCompleted;
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    attempt.transport = Transport::kTimedOut;
    attempt.reason = "no complete answer within " + std::to_string(request.timeout_ms) + " ms";
  } else {
    attempt.transport = Transport::kConnectionFailed;
    if (code == CURLE_GOT_NOTHING) {
      attempt.reason = "the server closed the connection without answering";
    } else if (code == CURLE_COULDNT_CONNECT) {
      attempt.reason = "connection refused or unreachable: " + detail;
    } else if (code == CURLE_COULDNT_RESOLVE_HOST) {
      attempt.reason = "unknown host: " + detail;
    } else if (code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CONNECT_ERROR ||
               code == CURLE_SSL_CACERT_BADFILE || code == CURLE_SSL_CERTPROBLEM) {
      attempt.reason = "TLS failure: " + detail;
    } else {
      attempt.reason = detail;
    }
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return attempt;
}

Response to_response(const HttpAttempt& attempt) {
  Response response;
  response.transport = attempt.transport;
  response.elapsed_ms = attempt.elapsed_ms;
  response.status = attempt.status;
  if (!attempt.content_types.empty()) response.content_type = attempt.content_types.front();
  response.content_type_repeated = attempt.content_types.size() > 1;
  response.body = attempt.body;
  return response;
}

}  // namespace entracheck::cli
