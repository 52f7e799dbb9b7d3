// The one place that includes RapidJSON and valijson. Their include
// order and RAPIDJSON_ASSERT must be fixed once for the whole library: STYLE.md explains how a
// different order makes parsing 8-11x slower or floods the build with warnings.
#ifndef ENTRACHECK_SRC_JSON_BACKEND_H_
#define ENTRACHECK_SRC_JSON_BACKEND_H_

#include <cassert>
#include <cstddef>

#include "entracheck/rule.h"

// ENTRACHECK_SCHEMA_ENGINE=0 (the CMake option of that name) builds without valijson.
#ifndef ENTRACHECK_SCHEMA_ENGINE
#define ENTRACHECK_SCHEMA_ENGINE 1
#endif

// 1. valijson's own headers, with exceptions: the schema checker compiles schemas (not on the hot
//    path) and catches valijson's errors instead of letting it abort.
#if ENTRACHECK_SCHEMA_ENGINE
#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>
#endif

// 2. RapidJSON's settings, before any RapidJSON header. Its code is header-only and inline, so
//    entracheck compiles it into a namespace of its own: the settings below (SSE2 string and
//    whitespace scanning, which may read up to 15 bytes past a NUL terminator) can then never
//    mix, through the linker, with the RapidJSON of a program that links entracheck.
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

// 3. valijson's RapidJSON adapter with VALIJSON_USE_EXCEPTIONS hidden: otherwise it replaces
//    RAPIDJSON_ASSERT with a check that builds a std::string on every call.
#if ENTRACHECK_SCHEMA_ENGINE
#pragma push_macro("VALIJSON_USE_EXCEPTIONS")
#undef VALIJSON_USE_EXCEPTIONS
#include <valijson/adapters/rapidjson_adapter.hpp>
#pragma pop_macro("VALIJSON_USE_EXCEPTIONS")
#endif

// 4. RapidJSON itself.
#include <rapidjson/allocators.h>
#include <rapidjson/document.h>
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

// The same for a DOM, where numbers must stay numbers for the schema validator. Both flag sets
// reject the same texts: RapidJSON checks a number's range whether or not it converts it.
constexpr unsigned kRapidJsonDomParseFlags =
    rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;

// The input stream both engines parse from: length-bounded, any bytes, no NUL terminator needed.
// RapidJSON's own EncodedInputStream<UTF8<>, MemoryStream> silently drops a leading 0xEF, 0xBB
// and 0xBF byte each (a byte-order mark, or garbage), which the rulebook does not allow: the
// checker removes one whole BOM itself, with a warning, and no more. Like RapidJSON's streams it
// reports '\0' at the end, so callers compare Tell() with the size after a parse.
class JsonStream {
 public:
  using Ch = char;
  JsonStream(const char* data, std::size_t size)
      : begin_(data), current_(data), end_(data + size) {}
  Ch Peek() const { return current_ == end_ ? '\0' : *current_; }
  Ch Take() { return current_ == end_ ? '\0' : *current_++; }
  std::size_t Tell() const { return static_cast<std::size_t>(current_ - begin_); }
  // Where the stream stands, for handlers that compute offsets without knowing the stream type.
  const char* const* position() const { return &current_; }
  const char* begin() const { return begin_; }
  // Write side, required by the concept; never used without kParseInsituFlag.
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  std::size_t PutEnd(Ch*) { return 0; }

 private:
  const char* begin_;
  const char* current_;
  const char* end_;
};

// The rule a RapidJSON parse error stands for.
Rule rule_for_parse_error(rapidjson::ParseErrorCode code);

}  // namespace entracheck::internal

#endif  // ENTRACHECK_SRC_JSON_BACKEND_H_
