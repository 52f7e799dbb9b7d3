// The fast path's entry and parse strategy: rules 5 to 11 in one pass of RapidJSON's SAX Reader
// over the body, no DOM, no exceptions, and no heap allocation once a thread's scratch space
// fits the body. The handler (handler.h) turns the events into contract roles and faults.
#include <cstring>
#include <string_view>

#include "engine.h"
#include "fast/handler.h"
#include "fast/hot_path.h"
#include "fast/scratch.h"
#include "rapidjson_backend.h"
#include "utf8.h"

namespace entracheck::internal {
namespace {

using fast::FastHandler;
using fast::Scratch;

// True when the SSE2 tokeniser may read `text`: well-formed UTF-8 (utf8.h), exactly what
// RapidJSON's kParseValidateEncodingFlag checks inside strings, and no byte 0x1A to 0x1F, which
// RapidJSON 1.1.0's SSE2 string scanner lets through inside strings (it tests for bytes up to
// 0x19 where JSON forbids all below 0x20). ASCII runs without control bytes go eight bytes at a
// time; only the rest goes through the decoder.
bool fits_sse2_tokenizer(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  constexpr std::uint64_t kSpaces = 0x2020202020202020ull;
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, s + i, 8);
      // No byte of 0x80 or more, and (for such words) no byte below 0x20.
      if ((w & kHigh) == 0 && ((w - kSpaces) & kHigh) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = s[i];
    if (c < 0x80) {
      if (c >= 0x1A && c <= 0x1F) return false;
      ++i;
      continue;
    }
    std::size_t invalid_length = 0;
    const std::size_t length = utf8_sequence_length(text, i, &invalid_length);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

// JsonStream over the padded copy, writable for kParseInsituFlag: the same bounded reading (it
// reports '\0' at the end), and RapidJSON's decoded strings written back where they stood. Not
// one of RapidJSON's string stream types, so RapidJSON's scalar, validating string scanner runs
// on it.
class InsituJsonStream : public JsonStream {
 public:
  InsituJsonStream(char* data, std::size_t size) : JsonStream(data, size), data_(data) {}
  Ch* PutBegin() { return dst_ = data_ + Tell(); }
  void Put(Ch c) { *dst_++ = c; }
  void Flush() {}
  std::size_t PutEnd(Ch* begin) { return static_cast<std::size_t>(dst_ - begin); }

 private:
  char* data_;
  char* dst_ = nullptr;
};

template <unsigned kFlags, typename Stream>
void parse_body(Event event, const Policy& policy, const JsonText& text, VerdictBuilder& verdict,
                Scratch& scratch, Stream& stream, const char* const* position, const char* begin,
                fast::NamedEvent* named) {
  // The parse stack lives in the scratch pool: RapidJSON grows it in place there, never on the
  // heap.
  rapidjson::MemoryPoolAllocator<> pool(scratch.reader_pool.get(), scratch.reader_pool_size);
  rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>>
      reader(&pool, 256);
  constexpr bool kPositionLags = rapidjson::StreamTraits<Stream>::copyOptimization != 0;
  FastHandler handler(event, policy, text, verdict, scratch, position, begin, kPositionLags);
  const rapidjson::ParseResult result = reader.Parse<kFlags>(stream, handler);
  if (named) {
    // infer_event() runs the same Reader over the same bytes, so it saw the same members up to
    // the end or a syntax error; not when this handler stopped the parse for a rule of its own.
    named->known = !(result.IsError() && result.Code() == rapidjson::kParseErrorTermination);
    named->event =
        handler.named_type_seen() ? event_for_response_type(handler.named_type()) : std::nullopt;
  }
  if (result.IsError()) {
    if (result.Code() == rapidjson::kParseErrorTermination &&
        handler.stop_rule() != Rule::kAccepted) {
      verdict.set_rule(handler.stop_rule());
      verdict.set_location(nullptr, handler.stop_offset());
    } else {
      verdict.set_rule(rule_for_parse_error(result.Code()));
      verdict.set_location(nullptr, text.offset_in_body + result.Offset());
      verdict.set_parse_error(result.Code());
    }
    return;
  }
  // Both streams report a NUL byte as the end of input, so "{...}\0junk" parses: reject it.
  if (stream.Tell() != text.json.size()) {
    verdict.set_rule(Rule::kJsonInvalid);
    verdict.set_location(nullptr, text.offset_in_body + stream.Tell());
    return;
  }
  handler.finish();
}

}  // namespace

namespace fast {
namespace {

// Copies the text into the thread's scratch with zero padding: simdjson needs the padding, and
// RapidJSON's SSE2 scanner a NUL terminator it may read 15 bytes past.
char* padded_copy(Scratch& scratch, const JsonText& text) {
  scratch.reserve(text.json.size());
  char* copy = scratch.padded_text.get();
  std::memcpy(copy, text.json.data(), text.json.size());
  std::memset(copy + text.json.size(), 0, Scratch::kPadding);
  return copy;
}

void rapidjson_check_body(Event event, const Policy& policy, const JsonText& text,
                          VerdictBuilder& verdict, Scratch& scratch, char* copy,
                          NamedEvent* named = nullptr) {
  // RapidJSON validates UTF-8 byte by byte inside strings. One pass over the whole text is
  // cheaper; when it passes, that validation cannot fail and is switched off, and the padded,
  // NUL-terminated copy lets RapidJSON scan strings and whitespace 16 bytes at a time (SSE2).
  // Otherwise the validating scalar parse runs over the same bytes, so that the error and its
  // offset are RapidJSON's as before.
  // Both parse the copy in situ: strings, numbers and keys are decoded where they stand, so
  // the parse stack never holds one and map keys need no arena (scratch.h).
  constexpr unsigned kInsitu = kRapidJsonParseFlags | rapidjson::kParseInsituFlag;
  if (fits_sse2_tokenizer(text.json)) {
    rapidjson::InsituStringStream stream(copy);
    parse_body<kInsitu & ~rapidjson::kParseValidateEncodingFlag>(
        event, policy, text, verdict, scratch, stream, &stream.src_, copy, named);
  } else {
    InsituJsonStream stream(copy, text.json.size());
    parse_body<kInsitu>(event, policy, text, verdict, scratch, stream, stream.position(),
                        stream.begin(), named);
  }
}

}  // namespace

void full_check_body(Event event, const Policy& policy, const JsonText& text,
                     VerdictBuilder& verdict) {
  Scratch& scratch = thread_scratch();
  rapidjson_check_body(event, policy, text, verdict, scratch, padded_copy(scratch, text));
}

}  // namespace fast

void fast_check_body(Event event, const Policy& policy, const JsonText& text,
                     VerdictBuilder& verdict) {
  Scratch& scratch = fast::thread_scratch();
  char* copy = fast::padded_copy(scratch, text);
  // Accepted: the verdict stays as it is, but for the warnings the hot path words itself.
  const fast::HotPathResult hot = fast::hot_path_check(event, policy, copy, text.json.size());
  if (hot.accepted) {
    fast::add_hot_path_warnings(hot, verdict);
    return;
  }
  fast::rapidjson_check_body(event, policy, text, verdict, scratch, copy);
}

std::optional<Event> fast_check_body_naming_event(const Policy& policy, const JsonText& text,
                                                  VerdictBuilder& verdict) {
  // The guess comes from the hot path's walk; without it (simdjson not built in), two passes.
  if (!fast::hot_path_built()) return std::nullopt;
  Scratch& scratch = fast::thread_scratch();
  char* copy = fast::padded_copy(scratch, text);
  const fast::HotPathResult hot =
      fast::hot_path_check(std::nullopt, policy, copy, text.json.size());
  if (hot.accepted) {
    fast::add_hot_path_warnings(hot, verdict);
    return hot.event;
  }
  if (!hot.event) return std::nullopt;
  // The RapidJSON path decides for the guessed event (fast_check_body's verdict whether or not
  // its hot path would accept), and its parse confirms the guess (or the caller starts again).
  fast::NamedEvent named;
  fast::rapidjson_check_body(*hot.event, policy, text, verdict, scratch, copy, &named);
  if (!named.known || named.event != hot.event) return std::nullopt;
  return hot.event;
}

}  // namespace entracheck::internal
