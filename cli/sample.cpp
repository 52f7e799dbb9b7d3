// Every field of Microsoft's published requests (see schemas/<event>.request.schema.json and
// the research notes behind them): the documented samples of Learn's event reference pages,
// Woodgrove's captured requests, the JIT migration page for passwordSubmit and the Verified ID
// sample README. Contexts an event does not use are null, as in captured requests.
#include "sample.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common.h"
#include "jose_util.h"

namespace entracheck::cli {
namespace {

// Microsoft Graph's app id: the resourceServicePrincipal of captured attribute collection
// requests.
constexpr const char* kGraphAppId = "00000003-0000-0000-c000-000000000000";

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}
  std::string guid() {
    // A version-4 GUID in Entra's lower-case form.
    std::uniform_int_distribution<int> hex(0, 15);
    std::string out;
    constexpr const char* kDigits = "0123456789abcdef";
    for (int i = 0; i < 36; ++i) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        out += '-';
      } else if (i == 14) {
        out += '4';
      } else if (i == 19) {
        out += kDigits[8 + hex(rng_) % 4];
      } else {
        out += kDigits[hex(rng_)];
      }
    }
    return out;
  }
  std::string digits(int count) {
    std::uniform_int_distribution<int> digit(0, 9);
    std::string out;
    for (int i = 0; i < count; ++i) out += static_cast<char>('0' + digit(rng_));
    return out;
  }
  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

 private:
  std::mt19937_64 rng_;
};

std::string iso8601(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

template <typename W>
void kv(W& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

template <typename W>
void service_principal(W& w, const char* key, const std::string& id, const std::string& app_id,
                       const std::string& name, bool vid_shape) {
  w.Key(key);
  w.StartObject();
  if (vid_shape) {  // the Verified ID sample's order and members
    kv(w, "appId", app_id);
    kv(w, "displayName", name);
    kv(w, "id", id);
  } else {
    kv(w, "id", id);
    kv(w, "appId", app_id);
    kv(w, "appDisplayName", name);
    kv(w, "displayName", name);
  }
  w.EndObject();
}

struct Values {
  std::string tenant_id, app_id, resource_app_id, user_id, correlation_id, locale, nonce;
  std::string listener_id, extension_id, client_sp_id, resource_sp_id;
  std::string ip;
  std::time_t now = 0;
};

template <typename W>
void attribute(W& w, const char* name, const char* type, const std::string& value,
               const char* attribute_type) {
  w.Key(name);
  w.StartObject();
  kv(w, "@odata.type", std::string("microsoft.graph.") + type);
  w.Key("value");
  if (std::string_view(type) == "int64DirectoryAttributeValue") {
    w.Int64(std::stoll(value));
  } else if (std::string_view(type) == "booleanDirectoryAttributeValue") {
    w.Bool(value == "true");
  } else {
    w.String(value.c_str());
  }
  kv(w, "attributeType", attribute_type);
  w.EndObject();
}

template <typename W>
void user_sign_up_info(W& w, const Values& v, bool submit) {
  const std::string extension = "extension_" + [&] {
    std::string id = v.app_id;
    id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
    return id;
  }();
  w.Key("userSignUpInfo");
  w.StartObject();
  w.Key("attributes");
  w.StartObject();
  attribute(w, "email", "stringDirectoryAttributeValue", "larissa.price@contoso.com", "builtIn");
  attribute(w, "givenName", "stringDirectoryAttributeValue", submit ? "Larissa" : "", "builtIn");
  if (submit) {
    attribute(w, "displayName", "stringDirectoryAttributeValue", "Larissa Price", "builtIn");
    attribute(w, "city", "stringDirectoryAttributeValue", "Sydney", "builtIn");
  }
  attribute(w, (extension + "_universityGroups").c_str(), "stringDirectoryAttributeValue",
            "Alumni,Faculty", "directorySchemaExtension");
  attribute(w, (extension + "_graduationYear").c_str(), "int64DirectoryAttributeValue", "2010",
            "directorySchemaExtension");
  attribute(w, (extension + "_onMailingList").c_str(), "booleanDirectoryAttributeValue", "false",
            "directorySchemaExtension");
  w.EndObject();
  w.Key("identities");
  w.StartArray();
  w.StartObject();
  kv(w, "signInType", "email");
  kv(w, "issuer", "contoso.onmicrosoft.com");
  kv(w, "issuerAssignedId", "larissa.price@contoso.com");
  w.EndObject();
  w.EndArray();
  w.EndObject();
}

template <typename W>
void write_request(W& w, Event event, const Values& v, const std::string& encrypted_password) {
  const EventInfo& info = event_info(event);
  const bool vid = event == Event::kVerifiedIdClaimValidation;
  const bool password = event == Event::kPasswordSubmit;
  const bool has_user = event == Event::kTokenIssuanceStart || password || vid;
  const bool attributes =
      event == Event::kAttributeCollectionStart || event == Event::kAttributeCollectionSubmit;
  const bool otp = event == Event::kEmailOtpSend;
  w.StartObject();
  kv(w, "type", std::string(info.request_type));
  // source follows the resource app; passwordSubmit's captured request names the client app.
  kv(w, "source",
     "/tenants/" + v.tenant_id + "/applications/" +
         (password || vid ? v.app_id : v.resource_app_id));
  w.Key("data");
  w.StartObject();
  kv(w, "@odata.type", std::string(info.request_data_type));
  kv(w, "tenantId", v.tenant_id);
  kv(w, "authenticationEventListenerId", v.listener_id);
  kv(w, "customAuthenticationExtensionId", v.extension_id);
  if (password) kv(w, "encryptedPasswordContext", encrypted_password);
  if (otp) {
    w.Key("otpContext");
    w.StartObject();
    kv(w, "identifier", "someone@example.com");
    kv(w, "onetimecode", v.nonce);  // the generated code (a string of 8 digits)
    w.EndObject();
  }
  w.Key("authenticationContext");
  w.StartObject();
  kv(w, "correlationId", v.correlation_id);
  w.Key("client");
  w.StartObject();
  kv(w, vid ? "clientIp" : "ip", v.ip);  // the Verified ID sample writes clientIp
  kv(w, "locale", v.locale);
  kv(w, "market", v.locale);
  w.EndObject();
  kv(w, "protocol", vid ? "OAUTH2" : "OAUTH2.0");
  if (otp) kv(w, "requestType", "signUp");
  service_principal(w, "clientServicePrincipal", v.client_sp_id, v.app_id,
                    password ? "ciam-test-app" : "My Test application", vid);
  if (password || vid) {
    w.Key("resourceServicePrincipal");
    w.Null();
  } else {
    service_principal(w, "resourceServicePrincipal", v.resource_sp_id, v.resource_app_id,
                      attributes ? "Microsoft Graph" : "My Test application", false);
  }
  if (has_user) {
    w.Key("user");
    w.StartObject();
    if (event == Event::kTokenIssuanceStart) {
      kv(w, "companyName", "Contoso");
      kv(w, "createdDateTime", iso8601(v.now - 86400 * 400));
      kv(w, "displayName", "Casey Jensen");
      kv(w, "givenName", "Casey");
      kv(w, "id", v.user_id);
      kv(w, "mail", "casey@contoso.com");
      kv(w, "onPremisesSamAccountName", "caseyjensen");
      kv(w, "onPremisesSecurityIdentifier", "S-1-5-21-3180699209-1212426347-3290125025-1104");
      kv(w, "onPremisesUserPrincipalName", "casey@contoso.com");
      kv(w, "preferredLanguage", v.locale);
      kv(w, "surname", "Jensen");
      kv(w, "userPrincipalName", "casey@contoso.com");
      kv(w, "userType", "Member");
    } else if (password) {
      kv(w, "id", v.user_id);
      kv(w, "userPrincipalName", v.user_id + "@contoso.onmicrosoft.com");
      kv(w, "userType", "Member");
      kv(w, "createdDateTime", iso8601(v.now - 86400 * 2));
      kv(w, "displayName", "John Doe");
      kv(w, "mail", "johndoe@example.com");
    } else {
      kv(w, "id", v.user_id);
      kv(w, "userPrincipalName", "user@contoso.com");
      kv(w, "givenName", "John");
      kv(w, "surname", "Doe");
      kv(w, "mail", "user@contoso.com");
      kv(w, "onPremisesSamAccountName", "jdoe");
      kv(w, "userType", "Member");
      kv(w, "createdDateTime", iso8601(v.now - 86400 * 700));
    }
    w.EndObject();
  }
  w.EndObject();  // authenticationContext
  if (attributes) user_sign_up_info(w, v, event == Event::kAttributeCollectionSubmit);
  if (password) {
    w.Key("userSignUpInfo");
    w.Null();
    w.Key("otpContext");
    w.Null();
  }
  if (vid) {
    w.Key("verifiedIdClaimsContext");
    w.StartObject();
    w.Key("identities");
    w.StartArray();
    w.StartObject();
    kv(w, "issuer", "contoso.com");
    kv(w, "issuerAssignedId", "user@contoso.com");
    kv(w, "signInType", "userPrincipalName");
    w.EndObject();
    w.EndArray();
    w.Key("additionalInfo");
    w.StartObject();
    kv(w, "employeeId", "E001");
    w.EndObject();
    w.Key("claims");
    w.StartObject();
    kv(w, "firstName", "John");
    kv(w, "lastName", "Doe");
    kv(w, "fullName", "John Doe");
    kv(w, "dateOfBirth", "1990-01-15");
    kv(w, "documentType", "Passport");
    kv(w, "documentId", "AB123456");
    kv(w, "documentExpiryDate", "2028-01-15");
    w.EndObject();
    w.EndObject();
  }
  w.EndObject();  // data
  w.EndObject();
}

// The unsigned JWT Entra encrypts: user-password, nonce and username, with aud, iss and a
// 600-second lifetime as in the captured plaintext.
std::string inner_password_jwt(const Values& v, const std::string& password,
                               const std::string& username) {
  rapidjson::StringBuffer header;
  {
    rapidjson::Writer<rapidjson::StringBuffer> w(header);
    w.StartObject();
    kv(w, "alg", "none");
    kv(w, "typ", "JWT");
    w.EndObject();
  }
  rapidjson::StringBuffer payload;
  {
    rapidjson::Writer<rapidjson::StringBuffer> w(payload);
    w.StartObject();
    kv(w, "aud", v.app_id);
    kv(w, "iss", "api://contoso.azurewebsites.net/" + v.app_id);
    w.Key("iat");
    w.Int64(v.now);
    w.Key("nbf");
    w.Int64(v.now);
    w.Key("exp");
    w.Int64(v.now + 600);
    kv(w, "user-password", password);
    kv(w, "nonce", v.nonce);
    kv(w, "username", username);
    w.EndObject();
  }
  return b64url_encode(header.GetString()) + "." + b64url_encode(payload.GetString()) + ".";
}

}  // namespace

std::optional<SampleRequest> make_sample_request(const SampleOptions& options, bool pretty,
                                                 std::string* error) {
  // Without --seed: fresh values, from the random device mixed with the clock.
  const std::uint64_t seed =
      options.seed ? *options.seed
                   : (std::uint64_t{std::random_device{}()} * 0x9E3779B97F4A7C15ull) ^
                         static_cast<std::uint64_t>(
                             std::chrono::steady_clock::now().time_since_epoch().count());
  Generator gen(seed);
  Values v;
  // With --seed the timestamps are fixed too (2026-01-01T00:00:00Z plus up to a year).
  v.now = options.seed ? std::time_t{1767225600} + gen.below(365) * 86400 : std::time(nullptr);
  auto pick = [&](const std::string& given) { return given.empty() ? gen.guid() : given; };
  v.tenant_id = pick(options.tenant_id);
  v.app_id = pick(options.app_id);
  v.resource_app_id = options.event == Event::kAttributeCollectionStart ||
                              options.event == Event::kAttributeCollectionSubmit
                          ? std::string(kGraphAppId)
                          : v.app_id;
  v.user_id = pick(options.user_id);
  v.correlation_id = pick(options.correlation_id);
  v.listener_id = gen.guid();
  v.extension_id = gen.guid();
  v.client_sp_id = gen.guid();
  v.resource_sp_id = gen.guid();
  v.locale = options.locale.empty() ? "en-us" : options.locale;
  v.ip = "203.0.113." + std::to_string(1 + gen.below(254));  // TEST-NET-3 (RFC 5737)
  SampleRequest request;
  request.correlation_id = v.correlation_id;
  if (options.event == Event::kEmailOtpSend) v.nonce = gen.digits(8);  // the one-time code
  std::string encrypted;
  if (options.event == Event::kPasswordSubmit) {
    v.nonce = options.nonce.empty() ? gen.guid() : options.nonce;
    request.nonce = v.nonce;
    if (options.encrypt_cert.empty()) {
      encrypted = "PLACEHOLDER.not-encrypted.pass---encrypt-cert-PEM.to-get-a-real.JWE";
      request.note =
          "encryptedPasswordContext is a placeholder: pass --encrypt-cert PEM (the public "
          "certificate of the extension's encryption key) to get a real JWE your API can "
          "decrypt";
    } else {
      std::string pem;
      std::string reason;
      if (!read_input_limited(options.encrypt_cert, 1 << 20, &pem, &reason)) {
        *error = "cannot read the certificate " + options.encrypt_cert + ": " + reason;
        return std::nullopt;
      }
      const std::string jwt =
          inner_password_jwt(v, options.password.empty() ? "Sample-Passw0rd!" : options.password,
                             "johndoe@example.com");
      std::optional<std::string> jwe = jwe_encrypt_for_certificate(pem, jwt, &reason);
      if (!jwe) {
        *error = "cannot encrypt with " + options.encrypt_cert + ": " + reason;
        return std::nullopt;
      }
      encrypted = *jwe;
    }
  }
  rapidjson::StringBuffer buffer;
  if (pretty) {
    rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
    writer.SetIndent(' ', 2);
    write_request(writer, options.event, v, encrypted);
  } else {
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    write_request(writer, options.event, v, encrypted);
  }
  request.json.assign(buffer.GetString(), buffer.GetSize());
  return request;
}

int run_sample(const SampleOptions& options) {
  std::string error;
  const std::optional<SampleRequest> request = make_sample_request(options, true, &error);
  if (!request) {
    print_error(error);
    return kExitError;
  }
  if (!request->note.empty()) print_error("note: " + request->note);
  write_stdout(request->json);
  write_stdout("\n");
  return kExitAccepted;
}

}  // namespace entracheck::cli
