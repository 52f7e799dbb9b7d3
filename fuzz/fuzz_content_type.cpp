// fuzz_content_type: parse_media_type() against a reference written the other way round: a
// character-by-character state machine over RFC 9110's grammar with the policy decisions
// media_type.cpp documents (no whitespace around "/" or "=", stray ";" tolerated, no obs-text,
// the first charset kept). Aborts when they disagree on well_formed, is_application_json or
// charset_is_utf8, or, for a well-formed value, on type, subtype and the charset flags.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "entracheck/media_type.h"
#include "fuzz_util.h"

namespace {

// RFC 9110 section 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
// "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
bool tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return c != 0 &&
         std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}
bool ows(unsigned char c) { return c == ' ' || c == '\t'; }
// qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E (obs-text refused by policy).
bool qdtext(unsigned char c) {
  return c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}
// quoted-pair = "\" ( HTAB / SP / VCHAR ) (obs-text refused by policy).
bool pair_char(unsigned char c) { return c == '\t' || c == ' ' || (c >= 0x21 && c <= 0x7E); }

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

struct Reference {
  bool well_formed = false;
  std::string type, subtype;
  bool has_charset = false;
  std::string charset;  // unescaped
  bool duplicate_charset = false;

  bool is_application_json() const {
    return well_formed && lower(type) == "application" && lower(subtype) == "json";
  }
  bool charset_is_utf8() const {
    if (!has_charset) return true;
    const std::string c = lower(charset);
    return c == "utf-8" || c == "utf8";
  }
};

Reference reference_parse(std::string_view s) {
  enum State {
    kLead,
    kType,
    kSubtypeFirst,
    kSubtype,
    kAfter,
    kSemicolon,
    kName,
    kValueFirst,
    kToken,
    kQuoted,
    kEscape
  };
  Reference r;
  State state = kLead;
  std::string name, value;
  auto finish_parameter = [&] {
    if (lower(name) == "charset") {
      if (r.has_charset) {
        r.duplicate_charset = true;
      } else {
        r.has_charset = true;
        r.charset = value;
      }
    }
    name.clear();
    value.clear();
  };
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (state) {
      case kLead:
        if (ows(c)) break;
        if (!tchar(c)) return Reference();
        r.type.push_back(ch);
        state = kType;
        break;
      case kType:
        if (tchar(c)) r.type.push_back(ch);
        else if (c == '/') state = kSubtypeFirst;
        else return Reference();
        break;
      case kSubtypeFirst:
        if (!tchar(c)) return Reference();
        r.subtype.push_back(ch);
        state = kSubtype;
        break;
      case kSubtype:
        if (tchar(c)) r.subtype.push_back(ch);
        else if (ows(c)) state = kAfter;
        else if (c == ';') state = kSemicolon;
        else return Reference();
        break;
      case kAfter:  // OWS after the subtype or a parameter
        if (ows(c)) break;
        if (c != ';') return Reference();
        state = kSemicolon;
        break;
      case kSemicolon:  // after ";": OWS, another ";", or a parameter name
        if (ows(c) || c == ';') break;
        if (!tchar(c)) return Reference();
        name.push_back(ch);
        state = kName;
        break;
      case kName:
        if (tchar(c)) name.push_back(ch);
        else if (c == '=') state = kValueFirst;
        else return Reference();
        break;
      case kValueFirst:
        if (c == '"') {
          state = kQuoted;
        } else if (tchar(c)) {
          value.push_back(ch);
          state = kToken;
        } else {
          return Reference();
        }
        break;
      case kToken:
        if (tchar(c)) {
          value.push_back(ch);
        } else if (ows(c)) {
          finish_parameter();
          state = kAfter;
        } else if (c == ';') {
          finish_parameter();
          state = kSemicolon;
        } else {
          return Reference();
        }
        break;
      case kQuoted:
        if (c == '"') {
          finish_parameter();
          state = kAfter;
        } else if (c == '\\') {
          state = kEscape;
        } else if (qdtext(c)) {
          value.push_back(ch);
        } else {
          return Reference();
        }
        break;
      case kEscape:
        if (!pair_char(c)) return Reference();
        value.push_back(ch);
        state = kQuoted;
        break;
    }
  }
  switch (state) {
    case kToken:
      finish_parameter();
      [[fallthrough]];
    case kSubtype:
    case kAfter:
    case kSemicolon:
      r.well_formed = true;
      return r;
    default:
      return Reference();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  const entracheck::MediaType got = entracheck::parse_media_type(value);
  const Reference want = reference_parse(value);

  bool agree = got.well_formed == want.well_formed &&
               entracheck::is_application_json(got) == want.is_application_json() &&
               entracheck::charset_is_utf8(got) == want.charset_is_utf8();
  if (agree && want.well_formed) {
    agree = got.type == want.type && got.subtype == want.subtype &&
            got.has_charset == want.has_charset && got.duplicate_charset == want.duplicate_charset;
  }
  if (!agree) {
    auto flags = [](bool well_formed, bool json, bool utf8) {
      return std::string("well_formed=") + (well_formed ? "1" : "0") +
             " application_json=" + (json ? "1" : "0") + " charset_utf8=" + (utf8 ? "1" : "0");
    };
    entracheck_fuzz::fail(
        "parse_media_type disagrees with the reference",
        "value: \"" + entracheck_fuzz::escape(value) + "\"\nparse_media_type: " +
            flags(got.well_formed, entracheck::is_application_json(got),
                  entracheck::charset_is_utf8(got)) +
            " type=\"" + entracheck_fuzz::escape(got.type) + "\" subtype=\"" +
            entracheck_fuzz::escape(got.subtype) + "\" charset=" +
            (got.has_charset ? "\"" + entracheck_fuzz::escape(got.charset) + "\"" : "-") +
            (got.duplicate_charset ? " (duplicate)" : "") + "\nreference:        " +
            flags(want.well_formed, want.is_application_json(), want.charset_is_utf8()) +
            " type=\"" + entracheck_fuzz::escape(want.type) + "\" subtype=\"" +
            entracheck_fuzz::escape(want.subtype) + "\" charset=" +
            (want.has_charset ? "\"" + entracheck_fuzz::escape(want.charset) + "\"" : "-") +
            (want.duplicate_charset ? " (duplicate)" : ""));
  }
  return 0;
}
