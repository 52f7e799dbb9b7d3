// The one place that includes RapidJSON for code that does not need valijson (the fast path, the
// formatter): the library builds without valijson when the schema engine is off. Code that needs
// both includes json_backend.h instead, which fixes their order (see STYLE.md).
#ifndef ENTRACHECK_SRC_RAPIDJSON_BACKEND_H_
#define ENTRACHECK_SRC_RAPIDJSON_BACKEND_H_

#include <cstddef>

#include "entracheck/rule.h"
#include "rapidjson_settings.h"

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

#endif  // ENTRACHECK_SRC_RAPIDJSON_BACKEND_H_
