// The one place that includes RapidJSON and valijson together (the schema reference engine and
// the tests of the schema files). Their include order and RAPIDJSON_ASSERT must be fixed once for
// the whole library: STYLE.md explains how a different order makes parsing 8-11x slower or floods
// the build with warnings. Code without valijson includes rapidjson_backend.h.
#ifndef ENTRACHECK_SRC_JSON_BACKEND_H_
#define ENTRACHECK_SRC_JSON_BACKEND_H_

#include <cassert>
#include <cstddef>

#include "entracheck/rule.h"

// 1. valijson's own headers, with exceptions: the schema checker compiles schemas (not on the hot
//    path) and catches valijson's errors instead of letting it abort.
#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

// 2. RapidJSON's settings (rapidjson_settings.h), before any RapidJSON header.
#include "rapidjson_settings.h"

// 3. valijson's RapidJSON adapter with VALIJSON_USE_EXCEPTIONS hidden: otherwise it replaces
//    RAPIDJSON_ASSERT with a check that builds a std::string on every call.
#pragma push_macro("VALIJSON_USE_EXCEPTIONS")
#undef VALIJSON_USE_EXCEPTIONS
#include <valijson/adapters/rapidjson_adapter.hpp>
#pragma pop_macro("VALIJSON_USE_EXCEPTIONS")

// 4. RapidJSON itself, and what the library builds on it.
#include "rapidjson_backend.h"

#endif  // ENTRACHECK_SRC_JSON_BACKEND_H_
