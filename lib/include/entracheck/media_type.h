// A parser for Content-Type header values (RFC 9110 media types), as rule 2 needs it.
#ifndef ENTRACHECK_MEDIA_TYPE_H_
#define ENTRACHECK_MEDIA_TYPE_H_

#include <string_view>

namespace entracheck {

struct MediaType {
  bool well_formed = false;  // type "/" subtype, then only well-formed ";" parameters
  std::string_view type;     // as written (compare case-insensitively)
  std::string_view subtype;  // as written
  bool has_charset = false;
  std::string_view charset;  // the charset parameter's value, quotes removed
  bool duplicate_charset = false;
};

// Parses `value`: optional whitespace, token "/" token, then any number of
// `; name=value` parameters where value is a token or a quoted string. An empty parameter
// (a stray ";") is tolerated. Never allocates; views point into `value`.
MediaType parse_media_type(std::string_view value);

// True for application/json in any letter case, with or without parameters.
bool is_application_json(const MediaType& media_type);

// True when the charset parameter is absent or names UTF-8 ("utf-8" or "utf8", any case).
bool charset_is_utf8(const MediaType& media_type);

}  // namespace entracheck

#endif  // ENTRACHECK_MEDIA_TYPE_H_
