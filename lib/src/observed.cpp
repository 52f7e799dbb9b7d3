// What a rejection observed, written once the rule is decided: from the response, the policy
// and the body at the verdict's offset, never from engine state. Both engines reach the same
// rule, pointer and offset, so they show the same text by construction (the reader's error code
// aside, which both take from the same RapidJSON reader). Runs only when a rule fired: the
// accepted path never comes here. Rules 5 to 11 other than json.* run only on a body that parsed
// completely, so the scans below read well-formed JSON. No allocation.
#include "observed.h"

#include <cstdint>
#include <optional>
#include <string_view>

#include "body_rules.h"
#include "contract_tables.h"
#include "rapidjson_backend.h"

#include <rapidjson/error/en.h>

namespace entracheck::internal {
namespace {

using std::string_view;

void skip_ws(string_view s, std::size_t& i) {
  while (i < s.size() && is_json_whitespace(s[i])) ++i;
}

// The index after the string token that starts at s[i] == '"'.
std::size_t string_end(string_view s, std::size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return s.size();
}

// The index after the value that starts at s[i].
std::size_t value_end(string_view s, std::size_t i) {
  if (i >= s.size()) return i;
  if (s[i] == '"') return string_end(s, i);
  if (s[i] == '{' || s[i] == '[') {
    std::size_t depth = 0;
    while (i < s.size()) {
      const char c = s[i];
      if (c == '"') {
        i = string_end(s, i);
        continue;
      }
      if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return i + 1;
      }
      ++i;
    }
    return s.size();
  }
  while (i < s.size() && !is_json_whitespace(s[i]) && s[i] != ',' && s[i] != '}' && s[i] != ']')
    ++i;
  return i;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The bytes a JSON string token (quotes included) stands for, one code point at a time. The
// reader has accepted the token: escapes are well-formed and surrogates paired.
class StringDecoder {
 public:
  explicit StringDecoder(string_view token) : s_(token), i_(token.empty() ? 0 : 1) {}
  // The next code point's UTF-8 bytes into out[0..4); false at the closing quote.
  bool next(char* out, std::size_t* n) {
    if (i_ >= s_.size() || s_[i_] == '"') return false;
    if (s_[i_] != '\\') {
      // Raw bytes are copied one at a time: comparisons and lengths need no sequence bounds.
      out[0] = s_[i_++];
      *n = 1;
      return true;
    }
    const char e = i_ + 1 < s_.size() ? s_[i_ + 1] : '\\';
    i_ += 2;
    char c = e;
    switch (e) {
      case 'b':
        c = '\b';
        break;
      case 'f':
        c = '\f';
        break;
      case 'n':
        c = '\n';
        break;
      case 'r':
        c = '\r';
        break;
      case 't':
        c = '\t';
        break;
      case 'u': {
        std::uint32_t cp = hex4();
        if (cp >= 0xD800 && cp <= 0xDBFF && i_ + 1 < s_.size() && s_[i_] == '\\' &&
            s_[i_ + 1] == 'u') {
          i_ += 2;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4() - 0xDC00);
        }
        *n = encode(cp, out);
        return true;
      }
      default:
        break;
    }
    out[0] = c;
    *n = 1;
    return true;
  }

 private:
  std::uint32_t hex4() {
    std::uint32_t v = 0;
    for (int k = 0; k < 4 && i_ < s_.size(); ++k, ++i_)
      v = v * 16 + static_cast<std::uint32_t>(hex_digit(s_[i_]) & 0xF);
    return v;
  }
  static std::size_t encode(std::uint32_t cp, char* out) {
    if (cp < 0x80) {
      out[0] = static_cast<char>(cp);
      return 1;
    }
    if (cp < 0x800) {
      out[0] = static_cast<char>(0xC0 | (cp >> 6));
      out[1] = static_cast<char>(0x80 | (cp & 0x3F));
      return 2;
    }
    if (cp < 0x10000) {
      out[0] = static_cast<char>(0xE0 | (cp >> 12));
      out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out[2] = static_cast<char>(0x80 | (cp & 0x3F));
      return 3;
    }
    out[0] = static_cast<char>(0xF0 | (cp >> 18));
    out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (cp & 0x3F));
    return 4;
  }

  string_view s_;
  std::size_t i_;
};

// UTF-8 bytes of a string token's value (rule 10 counts these).
std::uint64_t decoded_length(string_view token) {
  StringDecoder d(token);
  char buf[4];
  std::size_t n = 0;
  std::uint64_t total = 0;
  while (d.next(buf, &n)) total += n;
  return total;
}

// True when two string tokens stand for the same string.
bool same_string(string_view a, string_view b) {
  if (a == b) return true;
  StringDecoder da(a);
  StringDecoder db(b);
  char ba[4];
  char bb[4];
  std::size_t na = 0;
  std::size_t nb = 0;
  for (;;) {
    const bool more_a = da.next(ba, &na);
    const bool more_b = db.next(bb, &nb);
    if (more_a != more_b) return false;
    if (!more_a) return true;
    if (string_view(ba, na) != string_view(bb, nb)) return false;
  }
}

// True when the string token stands for `text`.
bool string_is(string_view token, string_view text) {
  StringDecoder d(token);
  char buf[4];
  std::size_t n = 0;
  std::size_t at = 0;
  while (d.next(buf, &n)) {
    if (at + n > text.size() || string_view(buf, n) != text.substr(at, n)) return false;
    at += n;
  }
  return at == text.size();
}

// Calls visit(key_token, value_start) for each member of the object at s[object] == '{'.
template <typename Visit>
void each_member(string_view s, std::size_t object, Visit visit) {
  std::size_t i = object + 1;
  skip_ws(s, i);
  while (i < s.size() && s[i] == '"') {
    const std::size_t key_end = string_end(s, i);
    const string_view key = s.substr(i, key_end - i);
    i = key_end;
    skip_ws(s, i);
    ++i;  // ':'
    skip_ws(s, i);
    const std::size_t value = i;
    visit(key, value);
    i = value_end(s, value);
    skip_ws(s, i);
    if (i >= s.size() || s[i] != ',') return;
    ++i;
    skip_ws(s, i);
  }
}

// Calls visit(element_start) for each element of the array at s[array] == '['.
template <typename Visit>
void each_element(string_view s, std::size_t array, Visit visit) {
  std::size_t i = array + 1;
  skip_ws(s, i);
  while (i < s.size() && s[i] != ']') {
    visit(i);
    i = value_end(s, i);
    skip_ws(s, i);
    if (i >= s.size() || s[i] != ',') return;
    ++i;
    skip_ws(s, i);
  }
}

// The start of the last member named `name` of the object at `object` (Entra keeps the last).
std::optional<std::size_t> last_member(string_view s, std::size_t object, string_view name) {
  std::optional<std::size_t> found;
  each_member(s, object, [&](string_view key, std::size_t value) {
    if (string_is(key, name)) found = value;
  });
  return found;
}

string_view kind_name(string_view s, std::size_t at) {
  if (at >= s.size()) return "missing";
  switch (s[at]) {
    case '{':
      return "an object";
    case '[':
      return "an array";
    case '"':
      return "a string";
    case 't':
    case 'f':
      return "a boolean";
    case 'n':
      return "null";
    default:
      return "a number";
  }
}

// True when the value at `at` is an array element rather than a member value: the byte before
// it, whitespace aside, is '[' or ',' (a member value follows ':').
bool is_element(string_view s, std::size_t at) {
  std::size_t i = at;
  while (i > 0 && is_json_whitespace(s[i - 1])) --i;
  return i > 0 && (s[i - 1] == '[' || s[i - 1] == ',');
}

// One reference token of a JSON Pointer, unescaped (~1 is '/', ~0 is '~').
void append_token(VerdictBuilder& out, string_view token) {
  std::size_t from = 0;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '~' || i + 1 >= token.size()) continue;
    out.append_observed(token.substr(from, i - from));
    out.append_observed(token[i + 1] == '1' ? "/" : "~");
    from = i + 2;
    ++i;
  }
  out.append_observed(token.substr(from));
}

// "NAME is KIND": the value's name is the pointer's last token, "claims[1]" for an element.
void name_is_kind(VerdictBuilder& out, const Verdict& v, string_view s, std::size_t at) {
  const string_view pointer = v.has_pointer() ? v.pointer() : string_view();
  const std::size_t last = pointer.rfind('/');
  if (last == string_view::npos) {
    out.append_observed(v.has_pointer() ? "body" : "value");
  } else if (is_element(s, at) && last > 0) {
    const std::size_t before = pointer.rfind('/', last - 1);
    append_token(out, pointer.substr(before + 1, last - before - 1));
    out.append_observed("[");
    out.append_observed(pointer.substr(last + 1));
    out.append_observed("]");
  } else {
    append_token(out, pointer.substr(last + 1));
  }
  out.append_observed(" is ");
  out.append_observed(kind_name(s, at));
}

bool pointer_ends_with(const Verdict& v, string_view tail) {
  const string_view p = v.pointer();
  return v.has_pointer() && p.size() >= tail.size() && p.substr(p.size() - tail.size()) == tail;
}

// "no NAME member" or "NAME is KIND" for a member that a rule wants and did not get.
void member_or_absent(VerdictBuilder& out, string_view s, std::size_t object, string_view name) {
  const std::optional<std::size_t> value = last_member(s, object, name);
  if (!value) {
    out.append_observed("no ");
    out.append_observed(name);
    out.append_observed(" member");
    return;
  }
  out.append_observed(name);
  out.append_observed(" is ");
  out.append_observed(kind_name(s, *value));
}

void string_token(VerdictBuilder& out, string_view s, std::size_t at) {
  out.append_observed(s.substr(at, value_end(s, at) - at));
}

// Rule 10's bytes of the claims map at `map`: the names and string values of its live members
// (the last of each name), as body_rules.h counts them.
std::uint64_t claims_map_bytes(string_view s, std::size_t map) {
  std::uint64_t total = 0;
  std::size_t index = 0;
  each_member(s, map, [&](string_view key, std::size_t value) {
    const std::size_t mine = index++;
    bool later = false;
    std::size_t other = 0;
    each_member(s, map, [&](string_view k, std::size_t) {
      if (other++ > mine && !later) later = same_string(k, key);
    });
    if (later) return;
    total += decoded_length(key);
    if (s[value] == '"') total += decoded_length(s.substr(value, value_end(s, value) - value));
    if (s[value] == '[') {
      each_element(s, value, [&](std::size_t e) {
        if (s[e] == '"') total += decoded_length(s.substr(e, value_end(s, e) - e));
      });
    }
  });
  return total;
}

// The action type the string token at `at` names, if any.
std::optional<ActionMatch> action_at(string_view s, std::size_t at) {
  if (at >= s.size() || s[at] != '"') return std::nullopt;
  char name[128];
  std::size_t size = 0;
  StringDecoder d(s.substr(at, value_end(s, at) - at));
  char buf[4];
  std::size_t n = 0;
  while (d.next(buf, &n)) {
    if (size + n > sizeof(name)) return std::nullopt;  // longer than any action type
    for (std::size_t k = 0; k < n; ++k) name[size++] = buf[k];
  }
  return find_action(string_view(name, size));
}

// The first required field of the object at `object` that is missing or null: an action's own,
// or (for data) the data-level fields its actions require.
void required_missing(VerdictBuilder& out, const Verdict& v, string_view s, std::size_t object) {
  FieldMask required = 0;
  FieldLocation location = FieldLocation::kAction;
  auto required_by = [&](std::size_t action) {
    if (const std::optional<std::size_t> type = last_member(s, action, "@odata.type")) {
      if (const std::optional<ActionMatch> match = action_at(s, *type))
        required |= action_fields(match->action).required;
    }
  };
  if (v.has_pointer() && v.pointer() == "/data") {
    location = FieldLocation::kData;
    if (const std::optional<std::size_t> actions = last_member(s, object, "actions")) {
      if (s[*actions] == '[') {
        each_element(s, *actions, [&](std::size_t e) {
          if (s[e] == '{') required_by(e);
        });
      }
    }
  } else {
    required_by(object);
  }
  for (const FieldInfo& info : field_table()) {
    if (info.location != location || info.kind == FieldKind::kClaims) continue;
    if (!(required & FieldBit(info.field))) continue;
    const std::optional<std::size_t> value = last_member(s, object, info.name);
    if (!value || s[*value] == 'n') {
      member_or_absent(out, s, object, info.name);
      return;
    }
  }
}

void claims_missing(VerdictBuilder& out, string_view s, std::size_t action) {
  std::optional<ActionMatch> match;
  if (const std::optional<std::size_t> type = last_member(s, action, "@odata.type"))
    match = action_at(s, *type);
  if (!match) return;
  const ActionFields& fields = action_fields(match->action);
  for (const FieldInfo& info : field_table()) {
    if (info.kind != FieldKind::kClaims || info.location != FieldLocation::kAction) continue;
    if (!((fields.required | fields.optional) & FieldBit(info.field))) continue;
    const std::optional<std::size_t> value = last_member(s, action, info.name);
    if (!value || s[*value] == 'n') {
      member_or_absent(out, s, action, info.name);
      return;
    }
  }
}

// RapidJSON's sentence for a reader error, as "missing a comma or '}' after an object member".
void parse_error_text(VerdictBuilder& out, int code) {
  out.append_observed("invalid JSON");
  if (code == rapidjson::kParseErrorNone) {
    out.append_observed(": a NUL byte after the value");  // the reader stops at NUL
    return;
  }
  if (code == rapidjson::kParseErrorTermination) return;
  const string_view sentence =
      rapidjson::GetParseError_En(static_cast<rapidjson::ParseErrorCode>(code));
  if (sentence.empty()) return;
  out.append_observed(": ");
  const char first =
      sentence[0] >= 'A' && sentence[0] <= 'Z' ? static_cast<char>(sentence[0] + 32) : sentence[0];
  out.append_observed(string_view(&first, 1));
  string_view rest = sentence.substr(1);
  if (!rest.empty() && rest.back() == '.') rest.remove_suffix(1);
  out.append_observed(rest);
}

}  // namespace

void describe_observed(const Policy& policy, const Response& response, VerdictBuilder& out) {
  const Verdict& v = out.verdict();
  out.clear_observed();
  const string_view s = response.body;
  const std::size_t at = v.has_offset() ? v.offset() : s.size();
  const bool at_value = at < s.size();
  switch (v.rule()) {
    case Rule::kAccepted:
      return;
    case Rule::kTransportTimedOut:
      if (response.transport == Transport::kTimedOut || !response.elapsed_ms) {
        out.append_observed("timed out");
        return;
      }
      out.append_observed_number(*response.elapsed_ms);
      out.append_observed(" ms > timeout ");
      out.append_observed_number(policy.timeout_ms);
      out.append_observed(" ms");
      return;
    case Rule::kTransportConnectionFailed:
      out.append_observed("connection failed");
      return;
    case Rule::kStatusNot200:
    case Rule::kStatusSuccessNot200:
      out.append_observed("status ");
      if (response.status < 0) out.append_observed("-");
      out.append_observed_number(static_cast<std::uint64_t>(
          response.status < 0 ? -static_cast<std::int64_t>(response.status) : response.status));
      if (!response.reason.empty()) {
        out.append_observed(" ");
        out.append_observed(response.reason);
      }
      return;
    case Rule::kContentTypeMissing:
      out.append_observed("no Content-Type header");
      return;
    case Rule::kContentTypeRepeated:
      // Response says only that there were several, not how many.
      out.append_observed("more than one Content-Type header");
      return;
    case Rule::kContentTypeMalformed:
    case Rule::kContentTypeNotJson:
      out.append_observed("Content-Type ");
      if (response.content_type) out.append_observed(*response.content_type);
      return;
    case Rule::kBodyTooLarge:
      out.append_observed("body ");
      out.append_observed_count(s.size());
      out.append_observed(" bytes > limit ");
      out.append_observed_count(policy.max_response_bytes);
      return;
    case Rule::kBodyEmpty:
      if (s.empty()) {
        out.append_observed("body is empty");
      } else if (s == kUtf8ByteOrderMark) {
        out.append_observed("body is only a byte-order mark");
      } else {
        out.append_observed("body is only whitespace");
      }
      return;
    case Rule::kBodyNull:
      out.append_observed("body is null");
      return;
    case Rule::kJsonInvalidUtf8:
      out.append_observed(out.parse_error() == rapidjson::kParseErrorStringInvalidEncoding
                              ? "invalid UTF-8"
                              : "unpaired surrogate escape");
      return;
    case Rule::kJsonTooDeep:
      out.append_observed("nesting deeper than ");
      out.append_observed_number(limits::k_max_json_depth);
      return;
    case Rule::kJsonInvalid:
      parse_error_text(out, out.parse_error());
      return;
    case Rule::kJsonNumberTooLarge:
      if (!at_value) return;
      out.append_observed("number ");
      out.append_observed(s.substr(at, value_end(s, at) - at));
      return;
    case Rule::kEnvelopeLegacyShape:
    case Rule::kClaimKeyEmpty:
      return;  // the message says all there is
    case Rule::kEnvelopeRootNotObject:
      if (at_value) name_is_kind(out, v, s, at);
      return;
    case Rule::kEnvelopeDataMissing:
      if (!at_value) return;
      if (pointer_ends_with(v, "/data")) {
        name_is_kind(out, v, s, at);
      } else {
        out.append_observed("no data member");
      }
      return;
    case Rule::kEnvelopeTypeMissing:
    case Rule::kEnvelopeActionsMissing: {
      if (!at_value) return;
      const string_view name = v.rule() == Rule::kEnvelopeTypeMissing ? "@odata.type" : "actions";
      if (pointer_ends_with(v,
                            v.rule() == Rule::kEnvelopeTypeMissing ? "/@odata.type" : "/actions")) {
        name_is_kind(out, v, s, at);
      } else {
        out.append_observed("no ");
        out.append_observed(name);
        out.append_observed(" member");
      }
      return;
    }
    case Rule::kEnvelopeTypeWrong:
    case Rule::kActionTypeUnknown:
      if (!at_value) return;
      out.append_observed("@odata.type ");
      string_token(out, s, at);
      return;
    case Rule::kActionTypeMissing:
      if (at_value && s[at] == '{') member_or_absent(out, s, at, "@odata.type");
      return;
    case Rule::kActionNotObject:
    case Rule::kFieldWrongType:
    case Rule::kClaimValueUnsupported:
    case Rule::kClaimValueType:
    case Rule::kAttributeValueType:
      if (at_value) name_is_kind(out, v, s, at);
      return;
    case Rule::kActionsCount: {
      if (!at_value || s[at] != '[') return;
      std::uint64_t count = 0;
      each_element(s, at, [&](std::size_t) { ++count; });
      out.append_observed_count(count);
      out.append_observed(count == 1 ? " action" : " actions");
      return;
    }
    case Rule::kActionWrongEvent: {
      if (!at_value) return;
      out.append_observed("@odata.type ");
      string_token(out, s, at);
      if (const std::optional<ActionMatch> match = action_at(s, at)) {
        out.append_observed(" belongs to ");
        out.append_observed(event_info(action_fields(match->action).event).name);
      }
      return;
    }
    case Rule::kClaimsMissing:
      if (at_value && s[at] == '{') claims_missing(out, s, at);
      return;
    case Rule::kClaimsTooLarge:
      if (!at_value || s[at] != '{') return;
      out.append_observed("claims ");
      out.append_observed_count(claims_map_bytes(s, at));
      out.append_observed(" bytes > limit ");
      out.append_observed_count(policy.max_claims_bytes);
      return;
    case Rule::kFieldRequiredMissing:
      if (at_value && s[at] == '{') required_missing(out, v, s, at);
      return;
    case Rule::kNonceMismatch:
      // The nonce is a secret of the sign-in: neither value is shown.
      out.append_observed("nonce differs from the expected one");
      return;
  }
}

}  // namespace entracheck::internal
