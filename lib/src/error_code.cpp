#include "entracheck/error_code.h"

#include <iterator>

namespace entracheck {
namespace {

constexpr ErrorCodeInfo kErrorCodes[] = {
#include "generated/error_codes.inc"
};

}  // namespace

TableView<ErrorCodeInfo> error_codes() { return {kErrorCodes, std::size(kErrorCodes)}; }

const ErrorCodeInfo* find_error_code(std::int32_t number) {
  for (const ErrorCodeInfo& info : kErrorCodes) {
    if (static_cast<std::int32_t>(info.code) == number) return &info;
  }
  return nullptr;
}

std::string_view error_code_name(ErrorCode code) {
  const ErrorCodeInfo* info = find_error_code(static_cast<std::int32_t>(code));
  return info ? info->name : std::string_view();
}

std::string_view decided_by_name(DecidedBy decided_by) {
  switch (decided_by) {
    case DecidedBy::kResponse:
      return "response";
    case DecidedBy::kTransport:
      return "transport";
    case DecidedBy::kConfiguration:
      return "configuration";
    case DecidedBy::kEntraInternal:
      return "entra-internal";
  }
  return "";
}

}  // namespace entracheck
