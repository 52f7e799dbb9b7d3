// entracheck lint-config: the offline checks of a Graph customAuthenticationExtension that
// decide the configuration codes no response can show (rulebook section 5): 1003020 for the
// targetUrl, 1003014 for the resourceId, 1003015 when their hosts differ, and the ranges of
// clientConfiguration. The JSON output has the shape of Graph's
// validateAuthenticationConfiguration result: {"errors": [...], "warnings": [...]}.
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "app.h"
#include "commands.h"
#include "common.h"
#include "entracheck/error_code.h"
#include "entracheck/event.h"
#include "entracheck/limits.h"
#include "text.h"
#include "utf8.h"

namespace entracheck::cli {
namespace {

// maximumRetries is 0 or 1 (Graph's customExtensionClientConfiguration); the library's limits
// table has no entry for it because no response check depends on it.
constexpr std::int64_t kMaxRetries = 1;
constexpr std::size_t kMaxConfigBytes = 4 * 1024 * 1024;

struct Finding {
  std::string code;     // Graph's spelling: the 1003xxx name without "CustomExtension"
  std::int32_t number;  // the sign-in log code, 0 for checks of entracheck's own
  std::string pointer;  // JSON Pointer into the file
  std::string message;
};

struct Findings {
  std::vector<Finding> errors;
  std::vector<Finding> warnings;
  std::vector<Finding> notes;
};

Finding coded(std::int32_t number, std::string pointer, std::string message) {
  const ErrorCodeInfo* info = find_error_code(number);
  std::string code = info == nullptr ? std::string() : std::string(info->name);
  constexpr std::string_view kPrefix = "CustomExtension";
  if (code.rfind(kPrefix, 0) == 0) code.erase(0, kPrefix.size());
  return {code, number, std::move(pointer), std::move(message)};
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
}

// A DNS name: labels of letters, digits and hyphens separated by dots.
bool is_host(std::string_view host) {
  if (host.empty() || host.front() == '.' || host.back() == '.') return false;
  for (char c : host) {
    if (!is_host_char(c)) return false;
  }
  return host.find("..") == std::string_view::npos;
}

// The host of `url` after `scheme://` (lower case, port dropped), or nullopt when the scheme
// differs or the authority is not a plain host[:port].
std::optional<std::string> host_of(std::string_view url, std::string_view scheme,
                                   std::string_view* rest) {
  const std::string prefix = std::string(scheme) + "://";
  if (url.size() < prefix.size() || lower(url.substr(0, prefix.size())) != prefix) {
    return std::nullopt;
  }
  std::string_view authority = url.substr(prefix.size());
  const std::size_t end = authority.find_first_of("/?#");
  if (rest != nullptr) {
    *rest = end == std::string_view::npos ? std::string_view() : authority.substr(end);
  }
  authority = authority.substr(0, end);
  if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    const std::string_view port = authority.substr(colon + 1);
    if (port.empty() || !parse_decimal(port, 1, 65535)) return std::nullopt;
    authority = authority.substr(0, colon);
  }
  if (!is_host(authority)) return std::nullopt;
  return lower(authority);
}

bool has_space_or_control(std::string_view text) {
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return true;
  }
  return false;
}

std::string quote_text(std::string_view text) { return "'" + printable(text) + "'"; }

const rapidjson::Value* member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return nullptr;
  const auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

// "microsoft.graph.onTokenIssuanceStartCustomExtension" and its siblings, from the request data
// types of the event table ("...CalloutData").
bool is_extension_type(std::string_view type) {
  if (!type.empty() && type.front() == '#') type.remove_prefix(1);
  constexpr std::string_view kCallout = "CalloutData";
  for (const EventInfo& info : events()) {
    std::string_view data = info.request_data_type;
    if (data.size() < kCallout.size() || data.substr(data.size() - kCallout.size()) != kCallout) {
      continue;
    }
    data.remove_suffix(kCallout.size());
    if (type == std::string(data) + "CustomExtension") return true;
  }
  return false;
}

std::string extension_types() {
  std::string names;
  for (const EventInfo& info : events()) {
    std::string data(info.request_data_type);
    const std::size_t at = data.rfind("CalloutData");
    if (at == std::string::npos) continue;
    names += (names.empty() ? "#" : ", #") + data.substr(0, at) + "CustomExtension";
  }
  return names;
}

void lint_target_url(const rapidjson::Value& ext, const std::string& at, Findings* out,
                     std::optional<std::string>* host) {
  const rapidjson::Value* endpoint = member(ext, "endpointConfiguration");
  const rapidjson::Value* url = endpoint == nullptr ? nullptr : member(*endpoint, "targetUrl");
  const std::string pointer = at + "/endpointConfiguration/targetUrl";
  if (url == nullptr || url->IsNull()) {
    if (member(ext, "targetUrl") != nullptr) {
      out->errors.push_back(coded(1003020, at + "/targetUrl",
                                  "targetUrl is outside endpointConfiguration, where Entra does "
                                  "not read it; move it into endpointConfiguration"));
    } else {
      out->errors.push_back(coded(1003020, pointer,
                                  "endpointConfiguration.targetUrl is missing; set it to the "
                                  "API's absolute https URL"));
    }
    return;
  }
  if (member(ext, "targetUrl") != nullptr) {
    out->warnings.push_back({"TargetUrlOutsideEndpointConfiguration", 0, at + "/targetUrl",
                             "a second targetUrl is outside endpointConfiguration, where Entra "
                             "does not read it; remove it"});
  }
  if (!url->IsString()) {
    out->errors.push_back(coded(1003020, pointer, "targetUrl is not a string"));
    return;
  }
  const std::string_view text(url->GetString(), url->GetStringLength());
  *host = host_of(text, "https", nullptr);
  if (!*host || has_space_or_control(text)) {
    *host = std::nullopt;
    out->errors.push_back(coded(1003020, pointer,
                                "targetUrl " + quote_text(text) +
                                    " is not an absolute URL that starts with https:// and a "
                                    "host name"));
  }
}

void lint_resource_id(const rapidjson::Value& ext, const std::string& at, Findings* out,
                      std::optional<std::string>* host) {
  const rapidjson::Value* auth = member(ext, "authenticationConfiguration");
  const rapidjson::Value* id = auth == nullptr ? nullptr : member(*auth, "resourceId");
  const std::string pointer = at + "/authenticationConfiguration/resourceId";
  const std::string expected = "api://{fully qualified domain name}/{appId}";
  if (id == nullptr || !id->IsString()) {
    out->errors.push_back(coded(1003014, pointer,
                                "authenticationConfiguration.resourceId is missing or not a "
                                "string; set it to " +
                                    expected));
    return;
  }
  const std::string_view text(id->GetString(), id->GetStringLength());
  std::string_view rest;
  std::optional<std::string> api_host = host_of(text, "api", &rest);
  const bool https = !api_host && host_of(text, "https", &rest).has_value();
  if (https) api_host = host_of(text, "https", &rest);
  const bool fqdn = api_host && api_host->find('.') != std::string::npos;
  const bool guid = rest.size() == 37 && rest.front() == '/' && is_guid(rest.substr(1));
  if (!fqdn || !guid) {
    out->errors.push_back(coded(1003014, pointer,
                                "resourceId " + quote_text(text) + " is not " + expected +
                                    " with a GUID appId and nothing after it"));
    return;
  }
  if (https) {
    out->warnings.push_back(coded(
        1003014, pointer,
        "resourceId " + quote_text(text) + " uses https://; the documented form is " + expected));
  }
  *host = api_host;
}

void lint_client_configuration(const rapidjson::Value& ext, const std::string& at, Findings* out) {
  const rapidjson::Value* config = member(ext, "clientConfiguration");
  const std::string pointer = at + "/clientConfiguration";
  if (config == nullptr || config->IsNull()) {
    out->notes.push_back({"", 0, pointer,
                          "clientConfiguration is null: the service defaults apply (timeout " +
                              std::to_string(limits::k_timeout_ms) + " ms)"});
    return;
  }
  if (!config->IsObject()) {
    out->errors.push_back({"InvalidClientConfiguration", 0, pointer,
                           "clientConfiguration is neither an object nor null"});
    return;
  }
  struct Range {
    const char* name;
    std::int64_t min;
    std::int64_t max;
    std::string service_default;
  };
  const Range ranges[] = {
      {"timeoutInMilliseconds", limits::k_timeout_ms_min, limits::k_timeout_ms_max,
       "the service default of " + std::to_string(limits::k_timeout_ms) + " ms applies"},
      {"maximumRetries", 0, kMaxRetries, "the service default applies"},
  };
  for (const Range& range : ranges) {
    const rapidjson::Value* value = member(*config, range.name);
    const std::string where = pointer + "/" + range.name;
    if (value == nullptr || value->IsNull()) {
      out->notes.push_back(
          {"", 0, where, std::string(range.name) + " is null: " + range.service_default});
      continue;
    }
    if (!value->IsInt64() || value->GetInt64() < range.min || value->GetInt64() > range.max) {
      out->errors.push_back({"InvalidClientConfiguration", 0, where,
                             std::string(range.name) + " must be an integer from " +
                                 std::to_string(range.min) + " to " + std::to_string(range.max)});
    }
  }
}

// Checks one extension object; false (with `error` set) when it is not one.
bool lint_extension(const rapidjson::Value& ext, const std::string& at, Findings* out,
                    std::string* error) {
  const std::string where = at.empty() ? "the file" : at;
  if (!ext.IsObject()) {
    *error = where + " is not a JSON object";
    return false;
  }
  const rapidjson::Value* type = member(ext, "@odata.type");
  if (type == nullptr || !type->IsString() ||
      !is_extension_type(std::string_view(type->GetString(), type->GetStringLength()))) {
    *error = where + " is not a customAuthenticationExtension: its @odata.type is none of " +
             extension_types();
    return false;
  }
  std::optional<std::string> url_host;
  std::optional<std::string> resource_host;
  lint_target_url(ext, at, out, &url_host);
  lint_resource_id(ext, at, out, &resource_host);
  if (url_host && resource_host && *url_host != *resource_host) {
    out->errors.push_back(coded(1003015, at + "/authenticationConfiguration/resourceId",
                                "the resourceId host " + quote_text(*resource_host) +
                                    " differs from the targetUrl host " + quote_text(*url_host)));
  }
  lint_client_configuration(ext, at, out);
  return true;
}

void write_findings(rapidjson::Writer<rapidjson::StringBuffer>* w, const char* key,
                    const std::vector<Finding>& findings) {
  w->Key(key);
  w->StartArray();
  for (const Finding& f : findings) {
    w->StartObject();
    if (!f.code.empty()) {
      w->Key("code");
      w->String(f.code.c_str());
    }
    if (f.number != 0) {
      w->Key("number");
      w->Int(f.number);
    }
    const std::string message = internal::well_formed(f.message);
    const std::string pointer = internal::well_formed(f.pointer);
    w->Key("message");
    w->String(message.c_str());
    w->Key("pointer");
    w->String(pointer.c_str());
    w->EndObject();
  }
  w->EndArray();
}

std::string format_text(const Findings& findings) {
  std::string text;
  const auto lines = [&text](const char* label, const std::vector<Finding>& list) {
    for (const Finding& f : list) {
      text += label;
      if (f.number != 0) text += " " + std::to_string(f.number);
      if (!f.code.empty()) text += " " + f.code;
      text += " at " + printable(f.pointer.empty() ? "/" : f.pointer) + ": " + f.message + "\n";
    }
  };
  lines("error", findings.errors);
  lines("warning", findings.warnings);
  lines("note", findings.notes);
  const auto count = [](std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  text += count(findings.errors.size(), "error") + ", " +
          count(findings.warnings.size(), "warning") + "\n";
  return text;
}

}  // namespace

int run_lint_config(const LintConfigOptions& options) {
  const std::string name = options.file == "-" ? "<stdin>" : printable(options.file);
  std::string bytes;
  std::string reason;
  if (!read_input_limited(options.file, kMaxConfigBytes, &bytes, &reason)) {
    print_error("cannot read " + name + ": " + reason);
    return kExitError;
  }
  rapidjson::Document doc;
  doc.Parse(bytes.data(), bytes.size());
  if (doc.HasParseError()) {
    std::string why = rapidjson::GetParseError_En(doc.GetParseError());
    if (!why.empty() && why.back() == '.') why.pop_back();
    print_error(name + " is not JSON: " + why + " at byte " + std::to_string(doc.GetErrorOffset()));
    return kExitError;
  }
  Findings findings;
  std::string error;
  const rapidjson::Value* list = member(doc, "value");
  if (list != nullptr && list->IsArray() && member(doc, "@odata.type") == nullptr) {
    if (list->Empty()) {
      print_error(name + ": the value list holds no customAuthenticationExtension");
      return kExitError;
    }
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      if (!lint_extension((*list)[i], "/value/" + std::to_string(i), &findings, &error)) {
        print_error(name + ": " + error);
        return kExitError;
      }
    }
  } else if (!lint_extension(doc, "", &findings, &error)) {
    print_error(name + ": " + error);
    return kExitError;
  }
  if (options.json) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    write_findings(&w, "errors", findings.errors);
    write_findings(&w, "warnings", findings.warnings);
    write_findings(&w, "notes", findings.notes);
    w.EndObject();
    write_stdout(std::string(buffer.GetString(), buffer.GetSize()) + "\n");
  } else {
    write_stdout(format_text(findings));
  }
  return findings.errors.empty() ? kExitAccepted : kExitRejected;
}

}  // namespace entracheck::cli
