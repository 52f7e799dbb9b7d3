#include "entracheck/media_type.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace entracheck {
namespace {

using namespace std::string_literals;

TEST(MediaTypeTest, PlainApplicationJson) {
  const MediaType m = parse_media_type("application/json");
  EXPECT_TRUE(m.well_formed);
  EXPECT_EQ(m.type, "application");
  EXPECT_EQ(m.subtype, "json");
  EXPECT_FALSE(m.has_charset);
  EXPECT_FALSE(m.duplicate_charset);
  EXPECT_TRUE(is_application_json(m));
  EXPECT_TRUE(charset_is_utf8(m));  // absent charset counts as UTF-8
}

TEST(MediaTypeTest, LetterCaseIsIgnored) {
  const MediaType m = parse_media_type("Application/JSON");
  EXPECT_TRUE(m.well_formed);
  EXPECT_EQ(m.type, "Application");  // kept as written
  EXPECT_EQ(m.subtype, "JSON");
  EXPECT_TRUE(is_application_json(m));
  EXPECT_TRUE(is_application_json(parse_media_type("APPLICATION/json")));
}

TEST(MediaTypeTest, CharsetUtf8Token) {
  const MediaType m = parse_media_type("application/json; charset=utf-8");
  EXPECT_TRUE(m.well_formed);
  EXPECT_TRUE(is_application_json(m));
  EXPECT_TRUE(m.has_charset);
  EXPECT_EQ(m.charset, "utf-8");
  EXPECT_TRUE(charset_is_utf8(m));
}

TEST(MediaTypeTest, CharsetQuotedUpperCase) {
  const MediaType m = parse_media_type("application/json;charset=\"UTF-8\"");
  EXPECT_TRUE(m.well_formed);
  EXPECT_TRUE(is_application_json(m));
  EXPECT_TRUE(m.has_charset);
  EXPECT_EQ(m.charset, "UTF-8");  // quotes removed
  EXPECT_TRUE(charset_is_utf8(m));
}

TEST(MediaTypeTest, CharsetSpellingsOfUtf8) {
  for (const char* value : {"application/json; charset=utf8", "application/json; charset=UTF8",
                            "application/json; charset=Utf-8", "application/json; CHARSET=utf-8",
                            "application/json; Charset=\"utf8\""}) {
    SCOPED_TRACE(value);
    const MediaType m = parse_media_type(value);
    EXPECT_TRUE(m.well_formed);
    EXPECT_TRUE(m.has_charset);  // the parameter name is case-insensitive
    EXPECT_TRUE(charset_is_utf8(m));
  }
}

TEST(MediaTypeTest, CharsetOtherThanUtf8) {
  const MediaType m = parse_media_type("application/json; charset=iso-8859-1");
  EXPECT_TRUE(m.well_formed);
  EXPECT_TRUE(is_application_json(m));
  EXPECT_EQ(m.charset, "iso-8859-1");
  EXPECT_FALSE(charset_is_utf8(m));
  for (const char* value : {"application/json; charset=utf-16", "application/json; charset=utf",
                            "application/json; charset=utf-88", "application/json; charset=\"\"",
                            "application/json; charset=\"utf 8\""}) {
    SCOPED_TRACE(value);
    const MediaType other = parse_media_type(value);
    EXPECT_TRUE(other.well_formed);
    EXPECT_FALSE(charset_is_utf8(other));
  }
}

TEST(MediaTypeTest, QuotedCharsetWithEscapes) {
  // The view keeps the raw quoted content; charset_is_utf8 undoes the escapes when comparing.
  const MediaType m = parse_media_type(R"(application/json; charset="utf\-8")");
  EXPECT_TRUE(m.well_formed);
  EXPECT_EQ(m.charset, R"(utf\-8)");
  EXPECT_TRUE(charset_is_utf8(m));

  const MediaType quote = parse_media_type(R"(application/json; x="a\"b"; charset=utf-8)");
  EXPECT_TRUE(quote.well_formed);
  EXPECT_EQ(quote.charset, "utf-8");

  EXPECT_FALSE(charset_is_utf8(parse_media_type(R"(application/json; charset="utf\\-8")")));
}

TEST(MediaTypeTest, OtherJsonishTypesAreNotApplicationJson) {
  for (const char* value :
       {"text/json", "application/problem+json", "application/json-patch", "application/jsonx",
        "application/x-json", "*/*", "application/*", "text/plain"}) {
    SCOPED_TRACE(value);
    const MediaType m = parse_media_type(value);
    EXPECT_TRUE(m.well_formed);
    EXPECT_FALSE(is_application_json(m));
  }
}

TEST(MediaTypeTest, WildcardIsWellFormed) {
  const MediaType m = parse_media_type("*/*");
  EXPECT_TRUE(m.well_formed);
  EXPECT_EQ(m.type, "*");
  EXPECT_EQ(m.subtype, "*");
}

TEST(MediaTypeTest, StrayEmptyParametersAreTolerated) {
  for (const char* value :
       {"application/json;", "application/json; ", "application/json;;", "application/json ; ;",
        "application/json;;charset=utf-8", "application/json; ; charset=utf-8;",
        "application/json;\t;\tcharset=utf-8"}) {
    SCOPED_TRACE(value);
    const MediaType m = parse_media_type(value);
    EXPECT_TRUE(m.well_formed);
    EXPECT_TRUE(is_application_json(m));
    EXPECT_TRUE(charset_is_utf8(m));
  }
}

TEST(MediaTypeTest, OptionalWhitespace) {
  for (const char* value :
       {"  application/json", "application/json  ", "\tapplication/json\t",
        "application/json ;charset=utf-8", "application/json\t;\tcharset=utf-8 ",
        " application/json ; charset=utf-8 ; "}) {
    SCOPED_TRACE(value);
    const MediaType m = parse_media_type(value);
    EXPECT_TRUE(m.well_formed);
    EXPECT_TRUE(is_application_json(m));
    EXPECT_EQ(m.type, "application");
    EXPECT_EQ(m.subtype, "json");
  }
}

TEST(MediaTypeTest, OtherParametersAreAccepted) {
  // What ASP.NET Core OData sends.
  const MediaType m = parse_media_type(
      "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8");
  EXPECT_TRUE(m.well_formed);
  EXPECT_TRUE(is_application_json(m));
  EXPECT_EQ(m.charset, "utf-8");

  const MediaType quoted = parse_media_type("application/json; profile=\"a b;c=d\"");
  EXPECT_TRUE(quoted.well_formed);
  EXPECT_FALSE(quoted.has_charset);

  const MediaType tab = parse_media_type("application/json; x=\"a\tb\"");
  EXPECT_TRUE(tab.well_formed);
}

TEST(MediaTypeTest, DuplicateCharsetKeepsTheFirst) {
  const MediaType m = parse_media_type("application/json; charset=utf-8; Charset=\"latin1\"");
  EXPECT_TRUE(m.well_formed);
  EXPECT_TRUE(is_application_json(m));
  EXPECT_TRUE(m.has_charset);
  EXPECT_TRUE(m.duplicate_charset);
  EXPECT_EQ(m.charset, "utf-8");

  EXPECT_FALSE(parse_media_type("application/json; charset=utf-8").duplicate_charset);
  EXPECT_TRUE(parse_media_type("application/json;charset=utf-8;charset=utf-8").duplicate_charset);
}

TEST(MediaTypeTest, ViewsPointIntoTheInput) {
  const std::string value = "application/json; charset=\"utf-8\"";
  const MediaType m = parse_media_type(value);
  ASSERT_TRUE(m.well_formed);
  EXPECT_EQ(m.type.data(), value.data());
  EXPECT_EQ(m.subtype.data(), value.data() + 12);
  EXPECT_EQ(m.charset.data(), value.data() + value.find("utf-8"));
}

// The two most common values take a shortcut (media_type.cpp): each must give exactly what the
// general parse gives the same value with trailing whitespace (which that parse skips), views
// into the input included.
TEST(MediaTypeTest, CommonValuesMatchTheGeneralParse) {
  for (const std::string& value : {"application/json"s, "application/json; charset=utf-8"s}) {
    SCOPED_TRACE(value);
    const std::string padded = value + " ";
    const MediaType quick = parse_media_type(value);
    const MediaType general = parse_media_type(padded);
    EXPECT_TRUE(quick.well_formed);
    EXPECT_EQ(quick.well_formed, general.well_formed);
    EXPECT_EQ(quick.type, general.type);
    EXPECT_EQ(quick.subtype, general.subtype);
    EXPECT_EQ(quick.has_charset, general.has_charset);
    EXPECT_EQ(quick.charset, general.charset);
    EXPECT_EQ(quick.duplicate_charset, general.duplicate_charset);
    EXPECT_EQ(quick.type.data(), value.data());
    EXPECT_EQ(quick.subtype.data(), value.data() + 12);
    if (quick.has_charset) {
      EXPECT_EQ(quick.charset.data(), value.data() + value.size() - 5);
    }
    EXPECT_TRUE(is_application_json(quick));
    EXPECT_TRUE(charset_is_utf8(quick));
  }
  // Near misses take the general parse and keep their verdicts.
  EXPECT_FALSE(charset_is_utf8(parse_media_type("application/json; charset=utf-9")));
  EXPECT_FALSE(is_application_json(parse_media_type("application/jsoo")));
  EXPECT_FALSE(parse_media_type("application/json; charset=utf-8;=").well_formed);
}

void expect_malformed(std::string_view value) {
  SCOPED_TRACE(testing::Message() << "value: \"" << value << "\"");
  const MediaType m = parse_media_type(value);
  EXPECT_FALSE(m.well_formed);
  EXPECT_FALSE(is_application_json(m));
  // A malformed value leaves every other field at its default.
  EXPECT_TRUE(m.type.empty());
  EXPECT_TRUE(m.subtype.empty());
  EXPECT_FALSE(m.has_charset);
  EXPECT_FALSE(m.duplicate_charset);
}

TEST(MediaTypeTest, EmptyAndBlankAreMalformed) {
  expect_malformed("");
  expect_malformed(" ");
  expect_malformed("   \t ");
}

TEST(MediaTypeTest, ParameterWithoutValueIsMalformed) {
  expect_malformed("application/json; charset");
  expect_malformed("application/json; charset=");
  expect_malformed("application/json; charset=;");
  expect_malformed("application/json; =utf-8");
  expect_malformed("application/json; charset;x=y");
}

TEST(MediaTypeTest, WhitespaceInsideIsMalformed) {
  expect_malformed("application/ json");
  expect_malformed("application /json");
  expect_malformed("application/json; charset = utf-8");
  expect_malformed("application/json; charset =utf-8");
  expect_malformed("application/json; charset= utf-8");
  expect_malformed("application/json; charset=utf -8");
  expect_malformed("application/json charset=utf-8");
}

TEST(MediaTypeTest, MissingPartsAreMalformed) {
  expect_malformed("application");
  expect_malformed("json");
  expect_malformed("application/");
  expect_malformed("/json");
  expect_malformed("/");
  expect_malformed("; charset=utf-8");
  expect_malformed("application/json/extra");
  expect_malformed("application//json");
}

TEST(MediaTypeTest, BadCharactersAreMalformed) {
  expect_malformed("application/json,text/plain");
  expect_malformed("application/js(on)");
  expect_malformed("appli@cation/json");
  expect_malformed("application/json; char[set]=utf-8");
  expect_malformed("application/json; charset=utf-8\"");
  expect_malformed("application/json; charset=\"utf-8\"x");
}

TEST(MediaTypeTest, ControlCharactersAreMalformed) {
  expect_malformed("application/json\r\n");
  expect_malformed("application/json\n");
  expect_malformed("application/\x01json");
  expect_malformed("application/json\x7f");
  expect_malformed("application/json; charset=\"utf-8\x01\"");
  expect_malformed("application/json\0"s);
  expect_malformed("application\0/json"s);
}

TEST(MediaTypeTest, NonAsciiBytesAreMalformed) {
  expect_malformed("application/j\xc3\xa9son");
  expect_malformed("\xef\xbb\xbf"s + "application/json");  // a byte-order mark
  expect_malformed("application/json; charset=utf-8\xa0");
  expect_malformed("application/json; x=\"caf\xc3\xa9\"");
  expect_malformed("application/json; x=\"\\\xc3\"");
}

TEST(MediaTypeTest, UnterminatedQuoteIsMalformed) {
  expect_malformed("application/json; charset=\"utf-8");
  expect_malformed("application/json; charset=\"");
  expect_malformed("application/json; charset=\"utf-8\\\"");
  expect_malformed("application/json; charset=\"utf-8\\");
}

TEST(MediaTypeTest, LongInputIsLinear) {
  std::string value = "application/json";
  for (int i = 0; i < 100000; ++i) value += ";x=\"y\"";
  value += "; charset=utf-8";
  const MediaType m = parse_media_type(value);
  EXPECT_TRUE(m.well_formed);
  EXPECT_TRUE(charset_is_utf8(m));

  const MediaType stray = parse_media_type("application/json" + std::string(1 << 20, ';'));
  EXPECT_TRUE(stray.well_formed);
}

}  // namespace
}  // namespace entracheck
