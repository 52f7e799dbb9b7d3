// The one place that includes RapidJSON (and, with the schema engine, valijson). Their include
// order and RAPIDJSON_ASSERT must be fixed once for the whole library: STYLE.md explains how a
// different order makes parsing 8-11x slower or floods the build with warnings.
#ifndef ENTRACHECK_SRC_JSON_BACKEND_H_
#define ENTRACHECK_SRC_JSON_BACKEND_H_

#include <cassert>

// RapidJSON's default is assert(); say so explicitly so that no other header redefines it.
#ifndef RAPIDJSON_ASSERT
#define RAPIDJSON_ASSERT(x) assert(x)
#endif
#define RAPIDJSON_HAS_STDSTRING 0

#include <rapidjson/allocators.h>
#include <rapidjson/encodedstream.h>
#include <rapidjson/encodings.h>
#include <rapidjson/error/error.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

namespace entracheck::internal {

// Flags of every RapidJSON parse in entracheck: iterative (no recursion, so deep nesting cannot
// overflow the stack), UTF-8 validating, numbers delivered as text (no conversion cost; the
// checker only needs their JSON type).
constexpr unsigned kRapidJsonParseFlags = rapidjson::kParseIterativeFlag |
                                          rapidjson::kParseValidateEncodingFlag |
                                          rapidjson::kParseNumbersAsStringsFlag;

}  // namespace entracheck::internal

#endif  // ENTRACHECK_SRC_JSON_BACKEND_H_
