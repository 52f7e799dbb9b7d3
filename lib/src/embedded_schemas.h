// The JSON Schema files of schemas/, embedded at build time (cmake/GenerateTables.cmake).
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
