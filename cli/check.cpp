// entracheck check: responses in, verdicts out.
//
// Inputs (each gives items: a response with its name, or an input error's sentence): raw HTTP
// captures (files, directories, glob patterns, standard input), one response by its parts
// (--status, --content-type, --header, --body, --transport), or JSON Lines (--input jsonl).
// Every item is judged in one place (judge()) and reported by one Reporter: text or JSON on
// standard output, errors on standard error, the summary line, and the JUnit file.
#include <glob.h>
#include <openssl/evp.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "ascii.h"
#include "commands.h"
#include "common.h"
#include "entracheck/http_response.h"
#include "junit.h"
#include "report.h"
#include "text.h"

namespace entracheck::cli {
namespace {

constexpr std::string_view kStdinName = "<stdin>";

// One Checker per event, built on first use from the same policy.
class Checkers {
 public:
  Checkers(const Policy& policy, Engine engine)
      : policy_(policy), engine_(engine), checkers_(events().size()) {}

  const Policy& policy() const { return policy_; }
  Engine engine() const { return engine_; }

  const Checker& get(Event event) {
    std::unique_ptr<Checker>& slot = checkers_[static_cast<std::size_t>(event)];
    if (!slot) slot = make_checker(policy_, event, engine_);
    return *slot;
  }

 private:
  Policy policy_;
  Engine engine_;
  std::vector<std::unique_ptr<Checker>> checkers_;
};

// One response to check, or an input error. The views in `response` point into `bytes` and
// `content_type`, so an Input is judged where it is built and never copied or moved.
struct Input {
  Input() = default;
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  std::string name;   // as shown: a path, "<stdin>", a JSON Lines "name" or "FILE:LINE"
  std::string error;  // non-empty: the input could not be read; one sentence
  std::string bytes;  // the capture, or the body
  std::string content_type;
  Response response;
  std::optional<Event> event;  // the input's own event (a JSON Lines "event")
  // How to give the event when it cannot be inferred.
  std::string_view event_hint = "pass --event EVENT";
};

using Sink = std::function<void(const Input&)>;

Input& error_input(Input* input, std::string name, std::string sentence) {
  input->name = std::move(name);
  input->error = std::move(sentence);
  return *input;
}

// ---------------------------------------------------------------------------------------------
// Judging: the one place that calls the checker and the verdict formatters.

enum class Outcome { kAccepted, kRejected, kError };

struct Judged {
  Outcome outcome = Outcome::kError;
  std::string name;
  std::string error;  // kError: the sentence
  Verdict verdict;
  std::vector<Verdict> also;  // --all: the further failing rules, in precedence order
  std::string text;           // format_human
  std::string json;           // format_json
  std::optional<std::uint32_t> elapsed_ms;
};

void judge(const Input& input, const CheckOptions& options, Checkers* checkers, Judged* out) {
  out->name = input.name;
  out->elapsed_ms = input.response.elapsed_ms;
  if (!input.error.empty()) {
    out->error = input.error;
    return;
  }
  Report report;
  report.file = input.name;
  // The input's own event, else --event, else inferred from data.@odata.type, else none when
  // the verdict does not depend on it (rules T1 to 4: a 500 page, a text/plain error; or a body
  // every event judges alike).
  std::optional<Event> event = input.event ? input.event : options.event;
  std::optional<Verdict> early;
  // The fast engine infers the event as it checks, in one pass, for most bodies (--all needs the
  // checker's own passes, to go on past the first rule).
  if (!event && !options.all && checkers->engine() == Engine::kFast) {
    if (std::optional<InferredVerdict> inferred =
            check_inferring_event(input.response, checkers->policy())) {
      event = inferred->event;
      report.event_inferred = true;
      early = inferred->verdict;
    }
  }
  if (!event) {
    event = infer_event(input.response.body);
    report.event_inferred = event.has_value();
    if (!event) early = check_without_event(input.response, checkers->policy());
    if (!early && !event) {
      out->error = printable(input.name) +
                   ": cannot infer the event from data.@odata.type, and the verdict depends on "
                   "it; " +
                   std::string(input.event_hint);
      return;
    }
  }
  if (early) {
    out->verdict = *early;
    if (event) report.event = *event;
  } else {
    report.event = *event;
    const Checker& checker = checkers->get(*event);
    if (!checker.ok()) {
      out->error = printable(input.name) + ": " + std::string(checker.error());
      return;
    }
    if (options.all) {
      std::vector<Verdict> all = checker.check_all(input.response);
      out->verdict = all.front();
      out->also.assign(all.begin() + 1, all.end());
    } else {
      out->verdict = checker.check(input.response);
    }
  }
  report.verdict = &out->verdict;
  // Without an event (rules T1 to 4 decided, or every event judges alike) --all lists nothing
  // further: the rules after them depend on the event.
  report.all_rules = options.all;
  report.also = out->also.data();
  report.also_count = out->also.size();
  out->outcome = out->verdict.accepted() ? Outcome::kAccepted : Outcome::kRejected;
  // Only the forms the Reporter prints: formatting a report costs more than checking an
  // ordinary body.
  const bool failed =
      out->outcome == Outcome::kRejected || (options.strict && out->verdict.warning_count() > 0);
  if (!options.junit.empty() || (!options.json && (!options.quiet || failed)))
    out->text = format_human(report);
  if (options.json) out->json = format_json(report);
}

// ---------------------------------------------------------------------------------------------
// Captures: files, directories, patterns.

bool is_directory(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

bool exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

// A file to read, or an operand that gave none (`error`).
struct Operand {
  std::string path;
  std::string error;
};

// The *.http files under `dir`, recursively (symbolic links to directories are not followed,
// so there is no loop), in byte order of their paths for a stable order.
void walk_directory(const std::string& dir, std::vector<Operand>* out) {
  namespace fs = std::filesystem;
  std::vector<std::string> found;
  std::error_code error;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    const fs::directory_entry& entry = *it;
    std::error_code type_error;
    if (entry.path().extension() == ".http" && entry.is_regular_file(type_error)) {
      found.push_back(entry.path().string());
    }
  }
  if (error) {
    out->push_back({dir, "cannot read directory " + printable(dir) + ": " + error.message()});
    return;
  }
  if (found.empty()) {
    out->push_back({dir, "no captures in directory " + printable(dir) +
                             " (entracheck looks for *.http files, recursively)"});
    return;
  }
  std::sort(found.begin(), found.end());
  for (std::string& path : found) out->push_back({std::move(path), ""});
}

bool looks_like_pattern(const std::string& operand) {
  return operand.find_first_of("*?[") != std::string::npos;
}

// Operands as files: "-" and files as given, a directory as its captures, a pattern the shell
// did not expand (quoted, or matching nothing there) through glob(3), sorted. `expanded` tells
// whether any operand was a directory or a pattern, which makes --json print an array.
std::vector<Operand> expand_operands(const std::vector<std::string>& operands, bool directories,
                                     bool* expanded) {
  std::vector<Operand> out;
  for (const std::string& operand : operands) {
    if (operand != "-" && directories && is_directory(operand)) {
      *expanded = true;
      walk_directory(operand, &out);
    } else if (operand != "-" && looks_like_pattern(operand) && !exists(operand)) {
      *expanded = true;
      glob_t matches{};
      const int status = ::glob(operand.c_str(), 0, nullptr, &matches);
      if (status == GLOB_NOMATCH) {
        out.push_back({operand, "no file matches the pattern " + printable(operand)});
      } else if (status != 0) {
        out.push_back({operand, "cannot expand the pattern " + printable(operand) +
                                    (status == GLOB_ABORTED ? ": a directory cannot be read"
                                                            : ": out of memory")});
      } else {
        for (std::size_t i = 0; i < matches.gl_pathc; ++i) {
          const std::string path = matches.gl_pathv[i];
          if (directories && is_directory(path)) {
            walk_directory(path, &out);
          } else {
            out.push_back({path, ""});
          }
        }
      }
      ::globfree(&matches);
    } else {
      out.push_back({operand, ""});
    }
  }
  return out;
}

void read_capture(const Operand& operand, const CheckOptions& options, const Sink& sink) {
  Input input;
  const std::string name = operand.path == "-" ? std::string(kStdinName) : operand.path;
  if (!operand.error.empty()) return sink(error_input(&input, name, operand.error));
  std::string reason;
  if (!read_input(operand.path, &input.bytes, &reason)) {
    return sink(error_input(&input, name, "cannot read " + printable(name) + ": " + reason));
  }
  const HttpResponse http = HttpResponse::parse(input.bytes);
  if (!http.ok()) return sink(error_input(&input, name, printable(name) + ": " + http.error()));
  input.name = name;
  input.response = http.to_response();
  input.response.elapsed_ms = options.elapsed_ms;
  sink(input);
}

// ---------------------------------------------------------------------------------------------
// Parts and JSON Lines: headers as (name, value) pairs, judged as a capture's would be.

struct Header {
  std::string name;
  std::string value;
};

// Sets the Content-Type of `input` from `headers`: the first one's value (trimmed as a
// capture's), repeated when there are several, absent when there is none. The body is taken as
// given (already decoded): Content-Length and Transfer-Encoding are not compared with it.
void set_content_type(const std::vector<Header>& headers, Input* input) {
  std::size_t count = 0;
  for (const Header& header : headers) {
    if (!internal::iequals(header.name, "Content-Type")) continue;
    if (count++ == 0) {
      std::string_view value = header.value;
      while (!value.empty() && internal::is_ows(value.front())) value.remove_prefix(1);
      while (!value.empty() && internal::is_ows(value.back())) value.remove_suffix(1);
      input->content_type = std::string(value);
    }
  }
  if (count > 0) input->response.content_type = ByteView(input->content_type);
  input->response.content_type_repeated = count > 1;
}

void read_parts(const CheckOptions& options, const Sink& sink) {
  Input input;
  const std::string name = !options.body_file          ? std::string("<parts>")
                           : *options.body_file == "-" ? std::string(kStdinName)
                                                       : *options.body_file;
  std::string reason;
  if (options.body_file && !read_input(*options.body_file, &input.bytes, &reason)) {
    return sink(error_input(&input, name, "cannot read " + printable(name) + ": " + reason));
  }
  std::vector<Header> headers;
  // --content-type is one more Content-Type header: with --header 'Content-Type: x' there are
  // two, which is the repeated-header rule, as in a capture.
  if (options.content_type) headers.push_back({"Content-Type", *options.content_type});
  for (const std::string& line : options.headers) {
    const std::size_t colon = line.find(':');
    headers.push_back({line.substr(0, colon), line.substr(colon + 1)});
  }
  input.name = name;
  set_content_type(headers, &input);
  input.response.transport = options.transport;
  input.response.status = options.status.value_or(200);
  input.response.body = ByteView(input.bytes);
  input.response.elapsed_ms = options.elapsed_ms;
  sink(input);
}

// Base64 (RFC 4648, standard alphabet; the padding may be left out) through OpenSSL's
// EVP_DecodeBlock, which the CLI links already. EVP_DecodeBlock skips surrounding whitespace,
// needs whole groups of four and counts '=' padding as zero bytes in its length, so the text is
// checked and padded here and the padding taken off the length.
bool decode_base64(std::string_view text, std::string* out) {
  if (text.size() % 4 == 1 || text.size() > static_cast<std::size_t>(1) << 30) return false;
  std::string padded(text);
  while (padded.size() % 4 != 0) padded.push_back('=');
  std::size_t padding = 0;
  for (const char c : padded) {
    const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                          (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (c == '=') {
      ++padding;
    } else if (!alphabet || padding > 0) {
      return false;
    }
  }
  if (padding > 2) return false;
  out->assign(padded.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out->data()),
                                reinterpret_cast<const unsigned char*>(padded.data()),
                                static_cast<int>(padded.size()));
  if (n < 0 || static_cast<std::size_t>(n) < padding) return false;
  out->resize(static_cast<std::size_t>(n) - padding);
  return true;
}

// A JSON value as written, shortened, for error sentences.
std::string json_excerpt(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  std::string text(buffer.GetString(), buffer.GetSize());
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return printable(text);
}

constexpr std::string_view kJsonLinesKeys =
    "status, headers, body, body_base64, elapsed_ms, transport, event, name";

// Reads one JSON Lines object into `input`; false with the reason (no line prefix) in `error`.
bool read_json_line(const rapidjson::Value& line, const CheckOptions& options, Input* input,
                    std::string* error) {
  if (!line.IsObject()) {
    *error =
        "not a JSON object (one response per line: {\"status\":200,\"headers\":{...},"
        "\"body\":\"...\"})";
    return false;
  }
  for (auto a = line.MemberBegin(); a != line.MemberEnd(); ++a) {
    const std::string_view key(a->name.GetString(), a->name.GetStringLength());
    constexpr std::string_view kKeys[] = {"status",     "headers",   "body",  "body_base64",
                                          "elapsed_ms", "transport", "event", "name"};
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
      *error =
          "unknown key " + json_string(key) + " (the keys are " + std::string(kJsonLinesKeys) + ")";
      return false;
    }
    for (auto b = line.MemberBegin(); b != a; ++b) {
      if (b->name == a->name) {
        *error = "key " + json_string(key) + " given twice";
        return false;
      }
    }
  }
  const auto member = [&line](const char* key) -> const rapidjson::Value* {
    const auto it = line.FindMember(key);
    return it == line.MemberEnd() ? nullptr : &it->value;
  };
  const auto wrong = [error](const char* key, const char* expected, const rapidjson::Value& v) {
    *error = std::string("\"") + key + "\" must be " + expected + ", got " + json_excerpt(v);
    return false;
  };
  if (const rapidjson::Value* name = member("name")) {
    if (!name->IsString()) return wrong("name", "a string", *name);
    input->name.assign(name->GetString(), name->GetStringLength());
  }
  input->response.transport = Transport::kCompleted;
  if (const rapidjson::Value* transport = member("transport")) {
    const std::optional<Transport> parsed =
        transport->IsString() ? parse_transport(transport->GetString()) : std::nullopt;
    if (!parsed) {
      *error = "unknown transport " + json_excerpt(*transport) +
               " (completed, timed-out or connection-failed)";
      return false;
    }
    input->response.transport = *parsed;
  }
  if (const rapidjson::Value* status = member("status")) {
    if (!status->IsInt() || status->GetInt() < 100 || status->GetInt() > 599) {
      return wrong("status", "an HTTP status from 100 to 599", *status);
    }
    input->response.status = status->GetInt();
  } else if (input->response.transport == Transport::kCompleted) {
    *error =
        "\"status\" is missing (it is needed unless \"transport\" is \"timed-out\" or "
        "\"connection-failed\")";
    return false;
  }
  std::vector<Header> headers;
  if (const rapidjson::Value* object = member("headers")) {
    if (!object->IsObject()) return wrong("headers", "an object", *object);
    for (auto it = object->MemberBegin(); it != object->MemberEnd(); ++it) {
      const std::string name(it->name.GetString(), it->name.GetStringLength());
      if (std::string problem = header_name_problem(name); !problem.empty()) {
        *error = "header " + json_string(name) + ": " + problem;
        return false;
      }
      const auto add = [&](const rapidjson::Value& value) {
        if (!value.IsString()) return false;
        headers.push_back({name, std::string(value.GetString(), value.GetStringLength())});
        return true;
      };
      bool ok = true;
      if (it->value.IsArray()) {
        // A repeated header: one value per occurrence.
        for (const rapidjson::Value& value : it->value.GetArray()) ok = ok && add(value);
      } else {
        ok = add(it->value);
      }
      if (!ok) {
        *error = "header " + json_string(name) + " must be a string or an array of strings, got " +
                 json_excerpt(it->value);
        return false;
      }
    }
    for (const Header& header : headers) {
      if (std::string problem = header_value_problem(header.value); !problem.empty()) {
        *error = "header " + json_string(header.name) + ": " + problem;
        return false;
      }
    }
  }
  const rapidjson::Value* body = member("body");
  const rapidjson::Value* base64 = member("body_base64");
  if (body != nullptr && base64 != nullptr) {
    *error = "both \"body\" and \"body_base64\": give one";
    return false;
  }
  if (body != nullptr) {
    if (!body->IsString()) return wrong("body", "a string", *body);
    input->bytes.assign(body->GetString(), body->GetStringLength());
  } else if (base64 != nullptr) {
    if (!base64->IsString()) return wrong("body_base64", "a string", *base64);
    if (!decode_base64(std::string_view(base64->GetString(), base64->GetStringLength()),
                       &input->bytes)) {
      *error = "\"body_base64\" is not base64 (RFC 4648: A-Z a-z 0-9 + / and = padding)";
      return false;
    }
  }
  input->response.elapsed_ms = options.elapsed_ms;
  if (const rapidjson::Value* elapsed = member("elapsed_ms")) {
    // Rounded up, as --elapsed-ms is; the double is exact for whole milliseconds.
    const double ms = elapsed->IsNumber() ? std::ceil(elapsed->GetDouble()) : -1;
    if (!(ms >= 0 && ms <= std::numeric_limits<std::uint32_t>::max())) {
      return wrong("elapsed_ms", "a non-negative number of milliseconds", *elapsed);
    }
    input->response.elapsed_ms = static_cast<std::uint32_t>(ms);
  }
  if (const rapidjson::Value* event = member("event")) {
    if (!event->IsString()) return wrong("event", "an event name", *event);
    std::string reason;
    input->event = parse_event(event->GetString(), &reason);
    if (!input->event) {
      *error = reason;
      return false;
    }
  }
  set_content_type(headers, input);
  input->response.body = ByteView(input->bytes);
  return true;
}

std::string parse_error_phrase(rapidjson::ParseErrorCode code) {
  std::string phrase = rapidjson::GetParseError_En(code);
  if (!phrase.empty() && phrase.back() == '.') phrase.pop_back();
  if (!phrase.empty()) phrase[0] = internal::ascii_lower(phrase[0]);
  return phrase;
}

void read_json_lines(const Operand& operand, const CheckOptions& options, const Sink& sink) {
  const std::string source = operand.path == "-" ? std::string(kStdinName) : operand.path;
  std::string text;
  std::string reason;
  if (!operand.error.empty() || !read_input(operand.path, &text, &reason)) {
    Input input;
    return sink(error_input(&input, source,
                            operand.error.empty()
                                ? "cannot read " + printable(source) + ": " + reason
                                : operand.error));
  }
  std::size_t number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t newline = std::min(text.find('\n', start), text.size());
    std::string_view line = std::string_view(text).substr(start, newline - start);
    start = newline + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank lines
    const std::string where = printable(source) + ":" + std::to_string(number);
    Input input;
    input.name = where;
    input.event_hint = "give \"event\" on the line or pass --event EVENT";
    rapidjson::Document document;
    document.Parse<rapidjson::kParseValidateEncodingFlag>(line.data(), line.size());
    std::string error;
    if (document.HasParseError()) {
      error = "not JSON: " + parse_error_phrase(document.GetParseError()) + " at column " +
              std::to_string(document.GetErrorOffset() + 1);
    } else if (!read_json_line(document, options, &input, &error)) {
      // error is set
    }
    if (!error.empty()) {
      const std::string name = input.name;
      sink(error_input(&input, name, where + ": " + error));
      continue;
    }
    sink(input);
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting.

constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kReset = "\x1b[0m";

std::string paint(std::string_view text, std::string_view colour) {
  return std::string(colour) + std::string(text) + std::string(kReset);
}

// The text report with its verdict in green or red and its warning lines in yellow; the same
// bytes otherwise.
std::string paint_report(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  bool first = true;
  while (start < text.size()) {
    const std::size_t newline = std::min(text.find('\n', start), text.size());
    const std::string_view line = std::string_view(text).substr(start, newline - start);
    const std::string_view accepted = ": accepted";
    const std::size_t rejected = line.rfind(": rejected ");
    if (first && line.size() >= accepted.size() &&
        line.substr(line.size() - accepted.size()) == accepted) {
      out += std::string(line.substr(0, line.size() - accepted.size() + 2)) +
             paint("accepted", kGreen);
    } else if (first && rejected != std::string_view::npos) {
      out += std::string(line.substr(0, rejected + 2)) + paint(line.substr(rejected + 2), kRed);
    } else if (line.rfind("  warning: ", 0) == 0) {
      out += "  " + paint(line.substr(2), kYellow);
    } else {
      out += std::string(line);
    }
    if (newline < text.size()) out += '\n';
    start = newline + 1;
    first = false;
  }
  return out;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

class Reporter {
 public:
  Reporter(const CheckOptions& options, bool as_array) : options_(options), as_array_(as_array) {
    const char* no_color = std::getenv("NO_COLOR");
    const bool allowed = !options.no_color && (no_color == nullptr || *no_color == '\0');
    colour_out_ = allowed && ::isatty(STDOUT_FILENO) == 1;
    colour_err_ = allowed && ::isatty(STDERR_FILENO) == 1;
    if (as_array_) write_stdout("[");
  }

  void add(const Judged& judged) {
    ++total_;
    const bool warned = judged.outcome != Outcome::kError && judged.verdict.warning_count() > 0;
    if (warned) ++warned_;
    switch (judged.outcome) {
      case Outcome::kAccepted:
        ++accepted_;
        break;
      case Outcome::kRejected:
        ++rejected_;
        break;
      case Outcome::kError:
        ++errors_;
        break;
    }
    if (judged.outcome == Outcome::kError) {
      const std::string line = "entracheck: " + judged.error;
      std::fflush(stdout);
      std::fputs(colour_err_ ? paint(line, kYellow).c_str() : line.c_str(), stderr);
      std::fputc('\n', stderr);
      std::fflush(stderr);
    }
    if (options_.json) {
      std::string object;
      if (judged.outcome == Outcome::kError) {
        object = "{\"file\":" + json_string(judged.name) +
                 ",\"verdict\":\"error\",\"message\":" + json_string(judged.error) + "}";
      } else {
        object = judged.json;
      }
      if (as_array_) write_stdout(printed_ == 0 ? "\n  " : ",\n  ");
      write_stdout(object);
      if (!as_array_) write_stdout("\n");
      ++printed_;
    } else if (judged.outcome != Outcome::kError) {
      const bool failed = judged.outcome == Outcome::kRejected || (options_.strict && warned);
      if (!options_.quiet || failed) {
        if (printed_ > 0) write_stdout("\n");  // a blank line between reports
        write_stdout(colour_out_ ? paint_report(judged.text) : judged.text);
        ++printed_;
      }
    }
    if (!options_.junit.empty()) junit_.push_back(junit_case(judged, warned));
  }

  // Ends the output (the array, the summary, the JUnit file); returns the exit status.
  int finish() {
    if (as_array_) write_stdout(printed_ == 0 ? "]\n" : "\n]\n");
    if (total_ > 1) {
      const bool colour = options_.json ? colour_err_ : colour_out_;
      const auto part = [colour](std::size_t n, std::string text, std::string_view c) {
        return colour && n > 0 ? paint(text, c) : text;
      };
      std::string line = part(accepted_, std::to_string(accepted_) + " accepted", kGreen) + ", " +
                         part(rejected_, std::to_string(rejected_) + " rejected", kRed) + ", " +
                         part(errors_, plural(errors_, "error", "errors"), kYellow);
      if (warned_ > 0)
        line += ", " + part(warned_, std::to_string(warned_) + " with warnings", kYellow);
      line += "\n";
      if (options_.json) {
        std::fflush(stdout);
        std::fputs(line.c_str(), stderr);
      } else {
        if (printed_ > 0) write_stdout("\n");
        write_stdout(line);
      }
    }
    bool junit_failed = false;
    if (!options_.junit.empty()) junit_failed = !write_junit();
    if (errors_ > 0 || junit_failed) return kExitError;
    if (rejected_ > 0 || (options_.strict && warned_ > 0)) return kExitRejected;
    return kExitAccepted;
  }

 private:
  JunitCase junit_case(const Judged& judged, bool warned) const {
    JunitCase c;
    c.name = printable(judged.name);
    c.classname = "entracheck.check";
    if (judged.elapsed_ms) c.seconds = *judged.elapsed_ms / 1000.0;
    if (judged.outcome == Outcome::kError) {
      c.kind = JunitCase::Kind::kError;
      c.type = "input-error";
      c.message = judged.error;
      c.body = judged.error;
      return c;
    }
    const Verdict& v = judged.verdict;
    if (v.has_event()) c.classname += "." + std::string(event_info(v.event()).name);
    c.body = judged.text;
    if (judged.outcome == Outcome::kRejected) {
      c.kind = JunitCase::Kind::kFailure;
      c.type = std::to_string(v.code_number());
      c.message = "rejected " + c.type + " " + std::string(v.name()) + ": rule " +
                  std::string(v.rule_id()) +
                  (v.has_pointer() ? " at " + printable(v.pointer()) : std::string()) + ": " +
                  (v.observed().empty() ? std::string() : printable(v.observed()) + "; ") +
                  std::string(v.message());
    } else if (options_.strict && warned) {
      c.kind = JunitCase::Kind::kFailure;
      c.type = "warning";
      c.message = "accepted with warnings (--strict): ";
      for (std::size_t i = 0; i < v.warning_count(); ++i) {
        const Warning& w = v.warning(i);
        c.message += (i == 0 ? "" : "; ") + std::string(w.id()) +
                     (w.has_pointer() ? " at " + printable(w.pointer()) : std::string()) + ": " +
                     std::string(w.message());
      }
    }
    return c;
  }

  bool write_junit() {
    std::string reason;
    const std::string xml = format_junit(junit_, &reason);
    const std::string target = printable(options_.junit);
    if (xml.empty()) {
      print_error("cannot write the JUnit report " + target + ": " + reason);
      return false;
    }
    errno = 0;
    std::FILE* file = std::fopen(options_.junit.c_str(), "wb");
    bool ok = file != nullptr && std::fwrite(xml.data(), 1, xml.size(), file) == xml.size();
    const int error = errno;
    if (file != nullptr && std::fclose(file) != 0) ok = false;
    if (!ok) {
      print_error("cannot write the JUnit report " + target + ": " +
                  (error != 0 ? std::strerror(error) : "write error"));
    }
    return ok;
  }

  const CheckOptions& options_;
  bool as_array_;
  bool colour_out_ = false;
  bool colour_err_ = false;
  std::size_t printed_ = 0;
  std::size_t total_ = 0;
  std::size_t accepted_ = 0;
  std::size_t rejected_ = 0;
  std::size_t errors_ = 0;
  std::size_t warned_ = 0;
  std::vector<JunitCase> junit_;
};

int usage_error(const std::string& sentence) {
  print_error(sentence);
  std::fputs("Try 'entracheck check --help'.\n", stderr);
  return kExitError;
}

}  // namespace

int run_check(const CheckOptions& options) {
  const bool jsonl = options.input == CheckOptions::Input::kJsonLines;
  if (options.parts && jsonl) {
    return usage_error(
        "--input jsonl reads whole responses; --status, --content-type, --header, --body and "
        "--transport cannot be used with it");
  }
  if (options.parts && !options.files.empty()) {
    return usage_error(
        "--status, --content-type, --header, --body and --transport give one "
        "response: give no FILE (got '" +
        printable(options.files.front()) + "')");
  }
  if (options.parts && !options.status && options.transport == Transport::kCompleted) {
    return usage_error(
        "a response given by its parts needs --status (or --transport timed-out "
        "or connection-failed)");
  }
  if (!options.parts && !jsonl && options.files.empty()) {
    return usage_error(
        "check needs FILE (a capture, a directory or a pattern), a response by "
        "its parts (--status ...), or --input jsonl");
  }
  const Policy& policy = options.policy;
  if (const std::string error = validate_policy(policy); !error.empty()) {
    print_error("invalid policy: " + error);
    return kExitError;
  }
  Checkers checkers(policy, options.engine);
  bool expanded = false;
  std::vector<Operand> operands;
  if (!options.parts) {
    const std::vector<std::string> files =
        jsonl && options.files.empty() ? std::vector<std::string>{"-"} : options.files;
    operands = expand_operands(files, !jsonl, &expanded);
  }
  // An array whenever the command line can give more than one response.
  const bool as_array = options.json && (jsonl || expanded || operands.size() > 1);
  Reporter reporter(options, as_array);
  const Sink sink = [&](const Input& input) {
    Judged judged;
    judge(input, options, &checkers, &judged);
    reporter.add(judged);
  };
  if (options.parts) {
    read_parts(options, sink);
  } else {
    for (const Operand& operand : operands) {
      if (jsonl) {
        read_json_lines(operand, options, sink);
      } else {
        read_capture(operand, options, sink);
      }
    }
  }
  return reporter.finish();
}

}  // namespace entracheck::cli
