// A scripted API for the tests of `entracheck call`, on cpp-httplib (Debian's
// libcpp-httplib-dev). It listens on 127.0.0.1 only, on a free port, in a thread of the test,
// and stops when destroyed. Paths choose the behaviour:
//   /ok              a correct answer for the event of the request (data.@odata.type)
//   /delay/MS        the correct answer after MS milliseconds
//   /slow-once/MS    the first request waits MS ms, later ones answer at once (a retry succeeds)
//   /status/N        status N with a correct body
//   /redirect        302 to https://elsewhere.example/api
//   /text            200 text/plain
//   /endless         a chunked body that never ends (stops when the client goes away)
//   /huge/N          a body of N bytes with Content-Length
// passwordSubmit answers echo the nonce decrypted from the request's JWE with `key_pem`.
#ifndef ENTRACHECK_TESTS_CLI_TEST_API_H_
#define ENTRACHECK_TESTS_CLI_TEST_API_H_

#if defined(ENTRACHECK_TEST_API_TLS) && !defined(CPPHTTPLIB_OPENSSL_SUPPORT)
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#include <httplib.h>
#include <rapidjson/document.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "jose_util.h"

namespace entracheck::testing_cli {

// A correct response body for the request `body`, by its data.@odata.type; empty if unknown.
inline std::string correct_answer(const std::string& body, const std::string& key_pem) {
  rapidjson::Document doc;
  if (doc.Parse(body.c_str(), body.size()).HasParseError() || !doc.IsObject() ||
      !doc.HasMember("data") || !doc["data"].IsObject() || !doc["data"].HasMember("@odata.type") ||
      !doc["data"]["@odata.type"].IsString()) {
    return "";
  }
  const std::string type = doc["data"]["@odata.type"].GetString();
  auto one = [](const std::string& data_type, const std::string& action,
                const std::string& extra = "") {
    return "{\"data\":{\"@odata.type\":\"microsoft.graph." + data_type +
           "\",\"actions\":[{\"@odata.type\":\"microsoft.graph." + action + "\"" + extra + "}]}}";
  };
  if (type == "microsoft.graph.onTokenIssuanceStartCalloutData") {
    return one("onTokenIssuanceStartResponseData", "tokenIssuanceStart.provideClaimsForToken",
               ",\"claims\":{\"loyaltyTier\":\"gold\"}");
  }
  if (type == "microsoft.graph.onAttributeCollectionStartCalloutData") {
    return one("onAttributeCollectionStartResponseData",
               "attributeCollectionStart.continueWithDefaultBehavior");
  }
  if (type == "microsoft.graph.onAttributeCollectionSubmitCalloutData") {
    return one("onAttributeCollectionSubmitResponseData",
               "attributeCollectionSubmit.continueWithDefaultBehavior");
  }
  if (type == "microsoft.graph.onOtpSendCalloutData") {
    return one("OnOtpSendResponseData", "OtpSend.continueWithDefaultBehavior");
  }
  if (type == "microsoft.graph.onVerifiedIdClaimValidationCalloutData") {
    return one("onVerifiedIdClaimValidationResponseData", "verifiedIdClaimValidation.pass");
  }
  if (type == "microsoft.graph.onPasswordSubmitCalloutData") {
    std::string nonce = "no-key-to-decrypt";
    const auto& data = doc["data"];
    if (!key_pem.empty() && data.HasMember("encryptedPasswordContext") &&
        data["encryptedPasswordContext"].IsString()) {
      std::string error;
      const std::optional<std::string> jwt =
          cli::jwe_decrypt(data["encryptedPasswordContext"].GetString(), key_pem, &error);
      if (jwt) {
        const std::size_t dot = jwt->find('.');
        const std::optional<std::string> payload =
            cli::b64url_decode(jwt->substr(dot + 1, jwt->find('.', dot + 1) - dot - 1));
        rapidjson::Document claims;
        if (payload && !claims.Parse(payload->c_str()).HasParseError() && claims.IsObject() &&
            claims.HasMember("nonce") && claims["nonce"].IsString()) {
          nonce = claims["nonce"].GetString();
        }
      }
    }
    return "{\"data\":{\"@odata.type\":\"microsoft.graph.onPasswordSubmitResponseData\","
           "\"actions\":[{\"@odata.type\":\"microsoft.graph.passwordSubmit.MigratePassword\"}],"
           "\"nonce\":\"" +
           nonce + "\"}}";
  }
  return "";
}

class TestApi {
 public:
  // Plain HTTP, or HTTPS when cert and key files are given.
  explicit TestApi(std::string key_pem = "", const std::string& tls_cert = "",
                   const std::string& tls_key = "")
      : key_pem_(std::move(key_pem)) {
#ifdef ENTRACHECK_TEST_API_TLS
    if (!tls_cert.empty()) {
      server_ = std::make_unique<httplib::SSLServer>(tls_cert.c_str(), tls_key.c_str());
    } else {
      server_ = std::make_unique<httplib::Server>();
    }
#else
    (void)tls_cert;
    (void)tls_key;
    server_ = std::make_unique<httplib::Server>();
#endif
    install();
    port_ = server_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // The socket listens already; wait (at most 2 s) until the accept loop runs, so stop()
    // cannot race with its start.
    for (int i = 0; i < 400 && !server_->is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  ~TestApi() {
    stopping_ = true;
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return port_; }
  std::string url(const std::string& path, const char* scheme = "http") const {
    return std::string(scheme) + "://127.0.0.1:" + std::to_string(port_) + path;
  }
  int requests() const { return requests_; }
  // The headers of the last request, "name: value" lines in arrival order.
  std::string last_headers() {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_headers_;
  }

 private:
  void answer(const httplib::Request& request, httplib::Response& response, int status = 200) {
    const std::string body = correct_answer(request.body, key_pem_);
    response.status = status;
    response.set_content(body.empty() ? "{}" : body, "application/json; charset=utf-8");
  }

  void install() {
    server_->set_keep_alive_max_count(1000);
    auto record = [this](const httplib::Request& request) {
      ++requests_;
      std::string lines;
      for (const auto& [name, value] : request.headers) {
        if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
            name == "LOCAL_PORT") {
          continue;  // cpp-httplib adds these itself
        }
        lines += name + ": " + value + "\n";
      }
      std::lock_guard<std::mutex> lock(mutex_);
      last_headers_ = lines;
    };
    server_->Post("/ok", [this, record](const httplib::Request& q, httplib::Response& r) {
      record(q);
      answer(q, r);
    });
    server_->Post(R"(/delay/(\d+))",
                  [this, record](const httplib::Request& q, httplib::Response& r) {
                    record(q);
                    sleep_ms(std::stoi(q.matches[1]));
                    answer(q, r);
                  });
    server_->Post(R"(/slow-once/(\d+))",
                  [this, record](const httplib::Request& q, httplib::Response& r) {
                    record(q);
                    if (slow_once_done_.exchange(true) == false) sleep_ms(std::stoi(q.matches[1]));
                    answer(q, r);
                  });
    server_->Post(R"(/status/(\d+))",
                  [this, record](const httplib::Request& q, httplib::Response& r) {
                    record(q);
                    answer(q, r, std::stoi(q.matches[1]));
                  });
    server_->Post("/redirect", [record](const httplib::Request& q, httplib::Response& r) {
      record(q);
      r.status = 302;
      r.set_header("Location", "https://elsewhere.example/api");
    });
    server_->Post("/text", [this, record](const httplib::Request& q, httplib::Response& r) {
      record(q);
      r.set_content(correct_answer(q.body, key_pem_), "text/plain");
    });
    server_->Post("/endless", [this, record](const httplib::Request& q, httplib::Response& r) {
      record(q);
      r.set_chunked_content_provider("application/json",
                                     [this](std::size_t offset, httplib::DataSink& sink) {
                                       // Bounded: stops when the client goes away, the server
                                       // stops, or after 256 MiB.
                                       if (stopping_ || offset > (256u << 20)) {
                                         sink.done();
                                         return true;
                                       }
                                       static const std::string chunk(64 * 1024, ' ');
                                       return sink.write(chunk.data(), chunk.size());
                                     });
    });
    server_->Post(R"(/huge/(\d+))", [record](const httplib::Request& q, httplib::Response& r) {
      record(q);
      r.set_content(std::string(std::stoul(q.matches[1]), ' '), "application/json");
    });
  }

  void sleep_ms(int ms) {
    // In small steps, so that stopping the server does not wait for a long sleep.
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (!stopping_ && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  std::string key_pem_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> slow_once_done_{false};
  std::atomic<int> requests_{0};
  std::mutex mutex_;
  std::string last_headers_;
};

// Accepts connections on 127.0.0.1, reads what arrives, and closes without answering.
class ClosingServer {
 public:
  ClosingServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd_, 8);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      // Bounded: at most 100 connections, and it ends when stopped.
      for (int served = 0; served < 100 && !stopping_;) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const int client = ::accept(fd_, nullptr, nullptr);
        if (client < 0) continue;
        char buffer[4096];
        pollfd c{client, POLLIN, 0};
        if (::poll(&c, 1, 500) > 0) (void)::recv(client, buffer, sizeof buffer, 0);
        ::close(client);
        ++served;
      }
    });
  }
  ~ClosingServer() {
    stopping_ = true;
    thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// A port on 127.0.0.1 where nothing listens: bound, then released.
inline int refused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  const int port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

}  // namespace entracheck::testing_cli

#endif  // ENTRACHECK_TESTS_CLI_TEST_API_H_
