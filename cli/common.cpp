#include "common.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "ascii.h"

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

namespace entracheck::cli {
namespace {

bool read_stream(std::FILE* stream, std::size_t limit, std::string* out, std::string* reason) {
  char buffer[1 << 16];
  for (;;) {
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, stream);
    out->append(buffer, n);
    if (out->size() > limit) {
      *reason = "larger than " + std::to_string(limit) + " bytes";
      return false;
    }
    if (n < sizeof buffer) break;
  }
  if (std::ferror(stream)) {
    const int error = errno;
    *reason = error != 0 ? std::strerror(error) : "read error";
    return false;
  }
  return true;
}

}  // namespace

void write_stdout(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }

void print_error(std::string_view message) {
  std::fflush(stdout);
  std::string line = "entracheck: ";
  line += message;
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

void print_warning(std::string_view message) { print_error("warning: " + std::string(message)); }

bool read_input_limited(const std::string& path, std::size_t limit, std::string* out,
                        std::string* reason) {
  if (path == "-") {
#ifdef _WIN32
    _setmode(_fileno(stdin), _O_BINARY);
#endif
    errno = 0;
    return read_stream(stdin, limit, out, reason);
  }
  errno = 0;
  std::FILE* stream = std::fopen(path.c_str(), "rb");
  if (stream == nullptr) {
    const int error = errno;
    *reason = error != 0 ? std::strerror(error) : "cannot open";
    return false;
  }
  errno = 0;
  const bool ok = read_stream(stream, limit, out, reason);
  std::fclose(stream);
  return ok;
}

bool read_input(const std::string& path, std::string* out, std::string* reason) {
  return read_input_limited(path, static_cast<std::size_t>(-1), out, reason);
}

std::string header_name_problem(std::string_view name) {
  if (name.empty()) return "empty header name";
  for (const char c : name) {
    if (internal::is_tchar(c)) continue;
    return internal::is_ows(c) ? "space in the header name"
                               : "invalid character in the header name (expected letters, "
                                 "digits or !#$%&'*+-.^_`|~)";
  }
  return "";
}

std::string header_value_problem(std::string_view value) {
  for (const char c : value) {
    if (c != '\t' && internal::is_ctl(c)) return "control character in the header value";
  }
  return "";
}

std::string header_line_problem(std::string_view line) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return "no ':'";
  if (colon == 0) return "empty header name before ':'";
  if (std::string problem = header_name_problem(line.substr(0, colon)); !problem.empty()) {
    return problem;
  }
  return header_value_problem(line.substr(colon + 1));
}

std::unique_ptr<Checker> make_checker(const Policy& policy, Event event, Engine engine) {
  return std::make_unique<Checker>(event, policy, engine);
}

std::string validate_policy(const Policy& policy) {
  const std::optional<PolicyError> error = validate(policy);
  return error ? error->message : std::string();
}

}  // namespace entracheck::cli
