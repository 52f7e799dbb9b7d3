// Entra's custom authentication extension error codes (1003xxx), as they appear in the sign-in
// log. The enum values are Microsoft's numbers. The table is generated from
// schemas/error-codes.json, the single source of truth for names, meanings and remedies.
#ifndef ENTRACHECK_ERROR_CODE_H_
#define ENTRACHECK_ERROR_CODE_H_

#include <cstdint>
#include <string_view>

#include "entracheck/table_view.h"

namespace entracheck {

enum class ErrorCode : std::int32_t {
  // Not an Entra code: the verdict is "accepted".
  kNone = 0,
#define ENTRACHECK_ERROR_CODE(number, symbol, name, decided_by, meaning, remedy) \
  k##symbol = number,
#include "entracheck/generated/error_codes.inc"
#undef ENTRACHECK_ERROR_CODE
};

// What decides whether Entra reports a code.
enum class DecidedBy {
  kResponse,       // the HTTP response of the API
  kTransport,      // timeout or connection failure
  kConfiguration,  // the extension, app registration or directory
  kEntraInternal,  // Entra itself
};

struct ErrorCodeInfo {
  ErrorCode code;
  std::string_view name;  // Microsoft's name, with Microsoft's spelling
  DecidedBy decided_by;
  std::string_view meaning;
  std::string_view remedy;
};

// Every code Entra documents, in ascending order.
TableView<ErrorCodeInfo> error_codes();

// The entry for `number`, or nullptr when Entra documents no such extension code.
const ErrorCodeInfo* find_error_code(std::int32_t number);

// Microsoft's name for `code` ("" for kNone).
std::string_view error_code_name(ErrorCode code);

// "response", "transport", "configuration" or "entra-internal", as in error-codes.json.
std::string_view decided_by_name(DecidedBy decided_by);

}  // namespace entracheck

#endif  // ENTRACHECK_ERROR_CODE_H_
