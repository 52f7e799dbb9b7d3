// infer_event(): the event a body answers, from data.@odata.type alone, for callers (the
// command line) that were not told which event Entra called.
#include <cstdint>
#include <optional>
#include <string_view>

#include "body_rules.h"
#include "entracheck/checker.h"
#include "json_backend.h"

namespace entracheck {
namespace {

// Finds data.@odata.type without checking anything else.
class EventFinder {
 public:
  std::optional<Event> event;

  bool Null() { return value(); }
  bool Bool(bool) { return value(); }
  bool Int(int) { return value(); }
  bool Uint(unsigned) { return value(); }
  bool Int64(std::int64_t) { return value(); }
  bool Uint64(std::uint64_t) { return value(); }
  bool Double(double) { return value(); }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return value(); }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (depth_ == 2 && in_data_ && key_is_type_)
      event = event_for_response_type(std::string_view(s, n));
    return value();
  }
  bool StartObject() {
    if (depth_ == 1) in_data_ = key_is_data_;
    value();
    ++depth_;
    return depth_ <= limits::k_max_json_depth;
  }
  bool StartArray() {
    if (depth_ == 1) in_data_ = false;
    value();
    ++depth_;
    return depth_ <= limits::k_max_json_depth;
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    const std::string_view key(s, n);
    key_is_data_ = depth_ == 1 && key == "data";
    key_is_type_ = depth_ == 2 && key == "@odata.type";
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return end(); }
  bool EndArray(rapidjson::SizeType) { return end(); }

 private:
  bool value() {
    key_is_data_ = false;
    key_is_type_ = false;
    return true;
  }
  bool end() {
    --depth_;
    if (depth_ == 1) in_data_ = false;
    return true;
  }
  std::size_t depth_ = 0;
  bool key_is_data_ = false;
  bool key_is_type_ = false;
  bool in_data_ = false;
};

}  // namespace

std::optional<Event> infer_event(std::string_view body) {
  if (body.substr(0, internal::kUtf8ByteOrderMark.size()) == internal::kUtf8ByteOrderMark) {
    body.remove_prefix(internal::kUtf8ByteOrderMark.size());
  }
  rapidjson::Reader reader;
  internal::JsonStream stream(body.data(), body.size());
  EventFinder finder;
  reader.Parse<internal::kRapidJsonParseFlags>(stream, finder);
  // The last data.@odata.type seen wins, as for duplicates in the checker; a parse error later
  // in the body does not hide an event named before it.
  return finder.event;
}

}  // namespace entracheck
