// entracheck token inspect / token acquire: what an API that Entra calls must check in the
// bearer token (the order of Microsoft's SDK: ver, azp/appid, iss, aud, signature, exp/nbf),
// and the client-credentials grant of the troubleshooting page.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <curl/curl.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "commands.h"
#include "common.h"
#include "http_call.h"
#include "jose_util.h"
#include "text.h"

namespace entracheck::cli {
namespace {

// The first-party app Entra uses to call custom authentication extensions.
constexpr const char* kEntraExtensionsApp = "99045fe1-7639-4a75-9d4a-577b6ca3810f";
constexpr std::size_t kMaxTokenBytes = 64 * 1024;

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string str(const rapidjson::Value& object, const char* name) {
  const auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsString()
             ? std::string(it->value.GetString(), it->value.GetStringLength())
             : std::string();
}

std::optional<std::int64_t> number(const rapidjson::Value& object, const char* name) {
  const auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsNumber()) return std::nullopt;
  return it->value.IsInt64() ? it->value.GetInt64()
                             : static_cast<std::int64_t>(it->value.GetDouble());
}

std::string aud_of(const rapidjson::Value& claims) {
  const auto it = claims.FindMember("aud");
  if (it == claims.MemberEnd()) return "";
  if (it->value.IsString()) return it->value.GetString();
  if (it->value.IsArray() && it->value.Size() > 0 && it->value[0].IsString()) {
    return it->value[0].GetString();
  }
  return "";
}

struct Finding {
  std::string check;  // "ver", "azp", "iss", ...
  bool ok = true;
  std::string message;  // one sentence
};

struct Inspection {
  rapidjson::Document header;
  rapidjson::Document claims;
  std::string signature;  // "verified", "not verified", "invalid"
  std::string signature_detail;
  std::vector<Finding> findings;
  bool all_ok() const {
    if (signature == "invalid") return false;
    for (const Finding& f : findings) {
      if (!f.ok) return false;
    }
    return true;
  }
};

// Decodes and checks `token`; false with `error` when it is not a JWT at all.
bool inspect(const std::string& token, const TokenInspectOptions& options, const std::string& jwks,
             Inspection* out, std::string* error) {
  const std::size_t first = token.find('.');
  const std::size_t second = first == std::string::npos ? first : token.find('.', first + 1);
  if (second == std::string::npos || token.find('.', second + 1) != std::string::npos) {
    *error = "this is not a JWT: a bearer token has three base64url parts separated by dots";
    return false;
  }
  const std::optional<std::string> header = b64url_decode(token.substr(0, first));
  const std::optional<std::string> payload =
      b64url_decode(token.substr(first + 1, second - first - 1));
  if (!header || out->header.Parse(header->c_str(), header->size()).HasParseError() ||
      !out->header.IsObject()) {
    *error = "the token's header is not base64url-encoded JSON";
    return false;
  }
  if (!payload || out->claims.Parse(payload->c_str(), payload->size()).HasParseError() ||
      !out->claims.IsObject()) {
    *error = "the token's payload is not base64url-encoded JSON";
    return false;
  }
  const rapidjson::Value& c = out->claims;
  auto add = [&](const std::string& check, bool ok, const std::string& message) {
    out->findings.push_back({check, ok, message});
  };
  // ver
  const std::string ver = str(c, "ver");
  const bool v2 = ver == "2.0";
  add("ver", ver == "1.0" || ver == "2.0",
      ver == "1.0" || ver == "2.0"
          ? "ver is " + ver +
                (v2 ? ""
                    : " (the API app's requestedAccessTokenVersion is null or "
                      "1; Microsoft's guides set it to 2)")
          : "ver is '" + printable(ver) + "'; Entra's access tokens are 1.0 or 2.0");
  // azp (v2) or appid (v1)
  const char* party_claim = v2 ? "azp" : "appid";
  const std::string party = str(c, party_claim);
  if (lower(party) == kEntraExtensionsApp) {
    add(party_claim, true,
        std::string(party_claim) + " is Entra's Authentication Extensions app " +
            kEntraExtensionsApp);
  } else if (party.empty()) {
    add(party_claim, false,
        std::string("the token has no ") + party_claim + "; a " + (v2 ? "v2" : "v1") +
            " token from Entra carries " + kEntraExtensionsApp + " there");
  } else {
    add(party_claim, false,
        std::string(party_claim) + " is " + printable(party) +
            ", not Entra's Authentication Extensions app " + kEntraExtensionsApp +
            ": this token was obtained by your own test client (what the troubleshooting "
            "page's Postman steps and `entracheck token acquire` produce); allow that client "
            "id in test only, rather than switching the " +
            party_claim + " check off");
  }
  // iss and tid
  const std::string iss = str(c, "iss");
  const std::string tid = str(c, "tid");
  const std::string tenant = options.tenant_id.empty() ? tid : options.tenant_id;
  const std::vector<std::string> forms = {
      "https://sts.windows.net/" + tenant + "/",
      "https://login.microsoftonline.com/" + tenant + "/v2.0",
      "https://" + tenant + ".ciamlogin.com/" + tenant + "/v2.0"};
  const bool iss_ok = !tenant.empty() && std::find(forms.begin(), forms.end(), iss) != forms.end();
  add("iss", iss_ok,
      iss_ok ? "iss " + iss + " is an issuer of tenant " + tenant +
                   (options.tenant_id.empty() ? " (the token's own tid; pass --tenant-id to "
                                                "check it against yours)"
                                              : "")
             : "iss '" + printable(iss) + "' is none of tenant " +
                   (tenant.empty() ? std::string("(unknown)") : tenant) +
                   "'s issuers: " + forms[0] + ", " + forms[1] + " or " + forms[2]);
  if (!options.tenant_id.empty()) {
    add("tid", lower(tid) == lower(options.tenant_id),
        lower(tid) == lower(options.tenant_id)
            ? "tid is your tenant " + options.tenant_id
            : "tid '" + printable(tid) + "' is not your tenant " + options.tenant_id);
  }
  // aud
  const std::string aud = aud_of(c);
  if (!options.app_id.empty() || !options.resource_id.empty()) {
    const bool by_app = !options.app_id.empty() && lower(aud) == lower(options.app_id);
    const bool by_resource = !options.resource_id.empty() && aud == options.resource_id;
    std::string message;
    if (by_app) {
      message = "aud is your API's app id " + options.app_id;
    } else if (by_resource) {
      message = "aud is your App ID URI " + options.resource_id +
                (v2 ? "; v2 tokens carry the app id (a GUID) instead, check that your "
                      "validator expects this"
                    : " (a v1 token; Microsoft's SDK expects the app id GUID, so set "
                      "requestedAccessTokenVersion to 2)");
    } else {
      message =
          "aud '" + printable(aud) + "' is not " +
          (options.app_id.empty() ? std::string() : "your app id " + options.app_id) +
          (!options.app_id.empty() && !options.resource_id.empty() ? " nor " : "") +
          (options.resource_id.empty() ? std::string() : "your App ID URI " + options.resource_id) +
          "; the token was issued for another resource (check the scope or resourceId)";
    }
    add("aud", by_app || by_resource, message);
  } else {
    add("aud", true, "aud is " + printable(aud) + " (not checked: pass --app-id or --resource-id)");
  }
  // signature
  if (jwks.empty()) {
    out->signature = "not verified";
    out->signature_detail = "no --jwks given: the signature was NOT verified";
  } else {
    std::string kid;
    std::string reason;
    if (jws_verify_rs256(token, jwks, &kid, &reason)) {
      out->signature = "verified";
      out->signature_detail = "verified (RS256) with the key " +
                              (kid.empty() ? std::string("(no kid)") : "kid " + kid) + " of " +
                              options.jwks;
    } else {
      out->signature = "invalid";
      out->signature_detail = "INVALID: " + reason;
    }
  }
  // exp and nbf
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  const std::int64_t skew = options.clock_skew_s;
  const std::optional<std::int64_t> exp = number(c, "exp");
  const std::optional<std::int64_t> nbf = number(c, "nbf");
  if (!exp) {
    add("exp", false, "the token has no exp; Entra's tokens always expire");
  } else if (*exp + skew < now) {
    add("exp", false,
        "the token expired " + std::to_string(now - *exp) +
            " s ago (clock skew allowed: " + std::to_string(skew) + " s)");
  } else {
    add("exp", true, "the token is valid for " + std::to_string(*exp - now) + " s more");
  }
  if (nbf && *nbf - skew > now) {
    add("nbf", false,
        "the token is not valid before " + std::to_string(*nbf - now) +
            " s from now (clock skew allowed: " + std::to_string(skew) + " s)");
  } else if (nbf) {
    add("nbf", true, "nbf has passed");
  }
  return true;
}

std::string format_inspection(const Inspection& inspection) {
  std::string out;
  out += std::string("token: ") + (inspection.all_ok() ? "passes" : "FAILS") +
         " the checks an API called by Entra must make\n";
  out += "  signature: " + inspection.signature_detail + "\n";
  for (const Finding& f : inspection.findings) {
    out += std::string("  ") + (f.ok ? "ok    " : "FAIL  ") + f.check + ": " + f.message + "\n";
  }
  return out;
}

std::string inspection_json(const Inspection& inspection) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("ok");
  w.Bool(inspection.all_ok());
  w.Key("signature");
  w.String(inspection.signature.c_str());
  w.Key("signatureDetail");
  w.String(inspection.signature_detail.c_str());
  w.Key("checks");
  w.StartArray();
  for (const Finding& f : inspection.findings) {
    w.StartObject();
    w.Key("check");
    w.String(f.check.c_str());
    w.Key("ok");
    w.Bool(f.ok);
    w.Key("message");
    const std::string message = json_string(f.message);
    w.RawValue(message.c_str(), message.size(), rapidjson::kStringType);
    w.EndObject();
  }
  w.EndArray();
  w.Key("header");
  inspection.header.Accept(w);
  w.Key("claims");
  inspection.claims.Accept(w);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  text.erase(0, start);
  if (text.rfind("Bearer ", 0) == 0) text.erase(0, 7);
  return text;
}

bool load_jwks(const std::string& path, std::string* jwks) {
  if (path.empty()) return true;
  std::string reason;
  if (!read_input_limited(path, 1 << 20, jwks, &reason)) {
    print_error("cannot read the key set " + printable(path) + ": " + reason);
    return false;
  }
  rapidjson::Document doc;
  if (doc.Parse(jwks->c_str(), jwks->size()).HasParseError() || !doc.IsObject()) {
    print_error(printable(path) + " is not a JSON key set (an object with a \"keys\" array)");
    return false;
  }
  return true;
}

std::string form_escape(const std::string& value) {
  char* escaped = curl_easy_escape(nullptr, value.c_str(), static_cast<int>(value.size()));
  std::string out = escaped != nullptr ? escaped : "";
  curl_free(escaped);
  return out;
}

// Replaces every occurrence of `secret` in `text` (a server may echo what it got).
std::string redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

}  // namespace

int run_token_inspect(const TokenInspectOptions& options) {
  if (!options.token.empty() && !options.file.empty()) {
    print_error("give the token one way only: as JWT, --file F or - (standard input)");
    return kExitError;
  }
  std::string token = options.token;
  if (token.empty() && options.file.empty()) {
    print_error("token inspect needs a token: JWT, --file F, or - for standard input");
    return kExitError;
  }
  if (token == "-" || !options.file.empty()) {
    const std::string path = options.file.empty() ? "-" : options.file;
    std::string reason;
    token.clear();
    if (!read_input_limited(path, kMaxTokenBytes, &token, &reason)) {
      print_error("cannot read the token " +
                  (path == "-" ? std::string("from standard input") : printable(path)) + ": " +
                  reason);
      return kExitError;
    }
  }
  token = trimmed(token);
  std::string jwks;
  if (!load_jwks(options.jwks, &jwks)) return kExitError;
  Inspection inspection;
  std::string error;
  if (!inspect(token, options, jwks, &inspection, &error)) {
    print_error(error);
    return kExitError;
  }
  write_stdout(options.json ? inspection_json(inspection) + "\n" : format_inspection(inspection));
  return inspection.all_ok() ? kExitAccepted : kExitRejected;
}

int run_token_acquire(const TokenAcquireOptions& options) {
  std::string secret;
  if (!options.client_secret_env.empty()) {
    const char* value = std::getenv(options.client_secret_env.c_str());
    if (value == nullptr || *value == '\0') {
      print_error("the environment variable " + printable(options.client_secret_env) +
                  " (--client-secret-env) is not set or empty");
      return kExitError;
    }
    secret = value;
  } else {
    std::string reason;
    if (!read_input_limited(options.client_secret_file, 64 * 1024, &secret, &reason)) {
      print_error("cannot read the client secret file " + printable(options.client_secret_file) +
                  ": " + reason);
      return kExitError;
    }
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
    if (secret.empty()) {
      print_error("the client secret file " + printable(options.client_secret_file) + " is empty");
      return kExitError;
    }
  }
  std::string authority = options.authority;
  while (!authority.empty() && authority.back() == '/') authority.pop_back();
  if (authority.rfind("https://", 0) != 0) {
    if (authority.rfind("http://", 0) != 0) {
      print_error("--authority must be an https:// URL, got " + printable(options.authority));
      return kExitError;
    }
    print_warning("plain http:// authority: for a local test endpoint only");
  }
  HttpRequest request;
  request.url = authority + "/" + form_escape(options.tenant_id) + "/oauth2/v2.0/token";
  request.body = "grant_type=client_credentials&client_id=" + form_escape(options.client_id) +
                 "&client_secret=" + form_escape(secret) + "&scope=" + form_escape(options.scope);
  request.headers = {"Content-Type: application/x-www-form-urlencoded"};
  request.timeout_ms = options.timeout_ms;
  request.ca_file = options.ca_file;
  request.max_body = 1 << 20;
  http_global_init();
  const HttpAttempt answer = http_post(request);
  if (answer.transport != Transport::kCompleted) {
    print_error("cannot reach the token endpoint " + printable(request.url) + ": " +
                redact(answer.reason, secret));
    return kExitRejected;
  }
  rapidjson::Document doc;
  if (doc.Parse(answer.body.c_str(), answer.body.size()).HasParseError() || !doc.IsObject()) {
    print_error("the token endpoint answered HTTP " + std::to_string(answer.status) +
                " with a body that is not JSON; is --authority a Microsoft identity platform "
                "endpoint?");
    return kExitRejected;
  }
  const std::string access_token = str(doc, "access_token");
  if (answer.status != 200 || access_token.empty()) {
    std::string description = str(doc, "error_description");
    description = description.substr(0, description.find_first_of("\r\n"));
    print_error(
        "the token endpoint refused (HTTP " + std::to_string(answer.status) + "): " +
        printable(redact(str(doc, "error").empty() ? "no error code" : str(doc, "error"), secret)) +
        (description.empty() ? "" : ": " + printable(redact(description, secret))));
    return kExitRejected;
  }
  if (!options.output.empty()) {
    const int fd = ::open(options.output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ::fchmod(fd, 0600) != 0 ||
        ::write(fd, access_token.data(), access_token.size()) !=
            static_cast<ssize_t>(access_token.size()) ||
        ::write(fd, "\n", 1) != 1) {
      const int error = errno;
      if (fd >= 0) ::close(fd);
      print_error("cannot write " + printable(options.output) + ": " + std::strerror(error));
      return kExitError;
    }
    ::close(fd);
  } else {
    write_stdout(access_token + "\n");
  }
  TokenInspectOptions inspect_options;
  inspect_options.tenant_id = options.tenant_id;
  Inspection inspection;
  std::string error;
  std::string text = inspect(access_token, inspect_options, "", &inspection, &error)
                         ? format_inspection(inspection)
                         : "the access token is not a JWT: " + error + "\n";
  std::fflush(stdout);
  std::fputs(text.c_str(), stderr);
  return kExitAccepted;
}

}  // namespace entracheck::cli
