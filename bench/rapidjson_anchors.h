// The RapidJSON anchors of entracheck_bench, compiled in their own small translation unit.
//
// They live apart from entracheck_bench.cpp on purpose: in that large file (Google Benchmark,
// simdjson, the body generators) GCC 12 stops inlining UTF8<>::Validate into the string loop,
// which made the "tokenising alone" anchor about 1.5x slower than the same code built the way
// lib/src/fast/parse.cpp is built, and so flattered the fast path. scripts/bench.sh checks
// that the benchmark binary holds no out-of-line UTF8<>::Validate, in the anchors or the library.
#ifndef ENTRACHECK_BENCH_RAPIDJSON_ANCHORS_H_
#define ENTRACHECK_BENCH_RAPIDJSON_ANCHORS_H_

#include <memory>
#include <string_view>

namespace entracheck_bench {

// RapidJSON's Reader with a null handler (BaseReaderHandler), the fast path's flags
// (kRapidJsonParseFlags) and input stream (internal::JsonStream): the cost of tokenising and
// validating UTF-8, nothing else. Reused across parses, as its stack keeps its capacity.
class ReaderAnchor {
 public:
  ReaderAnchor();
  ~ReaderAnchor();
  // True when the body is well-formed JSON.
  bool parse(std::string_view body);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A RapidJSON Document built from the body with the schema engine's DOM flags
// (kRapidJsonDomParseFlags), a fresh Document per call as the schema engine does.
// True when the body is well-formed JSON.
bool parse_dom(std::string_view body);

}  // namespace entracheck_bench

#endif  // ENTRACHECK_BENCH_RAPIDJSON_ANCHORS_H_
