// The JSON Schema files of schemas/, embedded in the library
// (lib/src/generated/embedded_schemas.cpp, written by scripts/generate.py).
#ifndef ENTRACHECK_SRC_EMBEDDED_SCHEMAS_H_
#define ENTRACHECK_SRC_EMBEDDED_SCHEMAS_H_

#include <string_view>

#include "entracheck/table_view.h"

namespace entracheck::internal {

struct EmbeddedFile {
  std::string_view name;  // file name, e.g. "tokenIssuanceStart.response.schema.json"
  std::string_view text;
};

TableView<EmbeddedFile> embedded_schemas();

}  // namespace entracheck::internal

#endif  // ENTRACHECK_SRC_EMBEDDED_SCHEMAS_H_
