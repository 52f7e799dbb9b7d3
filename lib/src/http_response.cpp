#include "entracheck/http_response.h"

namespace entracheck {
HttpResponse HttpResponse::parse(std::string_view) {
  HttpResponse r;
  r.error_ = "not implemented";
  return r;
}
std::size_t HttpResponse::count_header(std::string_view) const { return 0; }
std::optional<std::string_view> HttpResponse::header(std::string_view) const { return std::nullopt; }
Response HttpResponse::to_response() const { return {}; }
}  // namespace entracheck
