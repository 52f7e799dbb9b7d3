// How entracheck compiles RapidJSON; included by rapidjson_backend.h and json_backend.h before any
// RapidJSON header, never by anything else.
#ifndef ENTRACHECK_SRC_RAPIDJSON_SETTINGS_H_
#define ENTRACHECK_SRC_RAPIDJSON_SETTINGS_H_

#include <cassert>

// RapidJSON's settings, before any RapidJSON header. Its code is header-only and inline, so
// entracheck compiles it into a namespace of its own: the settings below (SSE2 string and
// whitespace scanning, which may read up to 15 bytes past a NUL terminator) can then never
// mix, through the linker, with the RapidJSON of a program that links entracheck.
#ifndef RAPIDJSON_ASSERT
#define RAPIDJSON_ASSERT(x) assert(x)  // RapidJSON's default, cheap; valijson's would allocate
#endif
#define RAPIDJSON_HAS_STDSTRING 0
#define RAPIDJSON_NAMESPACE entracheck_rapidjson
#define RAPIDJSON_NAMESPACE_BEGIN namespace entracheck_rapidjson {
#define RAPIDJSON_NAMESPACE_END }
namespace entracheck_rapidjson {}
namespace rapidjson = entracheck_rapidjson;  // valijson's adapter and our code say rapidjson::
#if defined(__SSE2__) && !defined(RAPIDJSON_SSE42)
#define RAPIDJSON_SSE2
#endif

#endif  // ENTRACHECK_SRC_RAPIDJSON_SETTINGS_H_
