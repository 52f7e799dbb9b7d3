#include "entracheck/http_response.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "ascii.h"  // lib/src: iequals for the test helper

namespace entracheck {
namespace {

using namespace std::string_literals;

constexpr std::string_view kJsonBody = R"({"data":{}})";

// Values of every header named `name` (any case), in order.
std::vector<std::string_view> header_values(const HttpResponse& response, std::string_view name) {
  std::vector<std::string_view> values;
  for (const HttpHeader* h = response.headers_begin(); h != response.headers_end(); ++h) {
    if (internal::iequals(h->name, name)) values.push_back(h->value);
  }
  return values;
}

// Deterministic bytes that cover the whole 0-255 range, NUL and LF included.
std::string noise(std::size_t size, std::uint32_t seed) {
  std::string bytes(size, '\0');
  for (char& c : bytes) {
    seed = seed * 1664525u + 1013904223u;
    c = static_cast<char>(seed >> 24);
  }
  return bytes;
}

// Parses `raw`, expects failure, and checks that the error is one line containing `fragment`.
void expect_error(std::string_view raw, std::string_view fragment) {
  const HttpResponse response = HttpResponse::parse(raw);
  EXPECT_FALSE(response.ok());
  EXPECT_NE(response.error().find(fragment), std::string::npos)
      << "error: " << response.error() << "\nexpected to contain: " << fragment;
  EXPECT_EQ(response.error().find('\n'), std::string::npos) << response.error();
  // A failed parse exposes nothing half-filled.
  EXPECT_EQ(response.status(), 0);
  EXPECT_EQ(response.header_count(), 0u);
  EXPECT_TRUE(response.body().empty());
}

// ---------------------------------------------------------------------------------------------
// Status lines

TEST(HttpResponseTest, Http11WithCrlf) {
  const std::string raw =
      "HTTP/1.1 200 OK\r\n"
      "Content-Type: application/json; charset=utf-8\r\n"
      "Content-Length: 11\r\n"
      "\r\n" +
      std::string(kJsonBody);
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.http_version(), "HTTP/1.1");
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(r.reason(), "OK");
  EXPECT_EQ(r.header_count(), 2u);
  EXPECT_EQ(r.header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.header("Content-Length"), "11");
  EXPECT_EQ(r.body(), kJsonBody);
  EXPECT_EQ(r.body_offset(), raw.size() - kJsonBody.size());
  EXPECT_EQ(r.body().data(), raw.data() + r.body_offset());  // a view into the input
  EXPECT_FALSE(r.content_length_mismatch());
  EXPECT_TRUE(r.error().empty());
}

TEST(HttpResponseTest, Http11WithLf) {
  const std::string raw =
      "HTTP/1.1 200 OK\nContent-Type: application/json\n\n" + std::string(kJsonBody);
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(r.reason(), "OK");
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.body(), kJsonBody);
}

TEST(HttpResponseTest, MixedLineEndings) {
  const std::string raw =
      "HTTP/1.1 200 OK\n"
      "Content-Type: application/json\r\n"
      "X-One: 1\n"
      "X-Two: 2\r\n"
      "\n" +
      std::string(kJsonBody);
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.header_count(), 3u);
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.header("X-One"), "1");
  EXPECT_EQ(r.header("X-Two"), "2");
  EXPECT_EQ(r.body(), kJsonBody);

  const HttpResponse r2 = HttpResponse::parse("HTTP/1.1 200 OK\r\nA: b\n\r\nbody");
  ASSERT_TRUE(r2.ok()) << r2.error();
  EXPECT_EQ(r2.body(), "body");
}

TEST(HttpResponseTest, Http2WithoutReason) {
  const HttpResponse r =
      HttpResponse::parse("HTTP/2 200\r\ncontent-type: application/json\r\n\r\n{}");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.http_version(), "HTTP/2");
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(r.reason(), "");
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.body(), "{}");
}

TEST(HttpResponseTest, Http2WithTrailingSpaceAsCurlPrintsIt) {
  const HttpResponse r = HttpResponse::parse("HTTP/2 200 \r\ndate: x\r\n\r\n{}");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.http_version(), "HTTP/2");
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(r.reason(), "");
  EXPECT_EQ(r.body(), "{}");
}

TEST(HttpResponseTest, OtherVersionsAndReasons) {
  const HttpResponse r10 = HttpResponse::parse("HTTP/1.0 200 OK\n\n{}");
  ASSERT_TRUE(r10.ok()) << r10.error();
  EXPECT_EQ(r10.http_version(), "HTTP/1.0");

  const HttpResponse r20 = HttpResponse::parse("HTTP/2.0 204\n\n");
  ASSERT_TRUE(r20.ok()) << r20.error();
  EXPECT_EQ(r20.http_version(), "HTTP/2.0");
  EXPECT_EQ(r20.status(), 204);

  const HttpResponse r3 = HttpResponse::parse("HTTP/3 503 \n\n");
  ASSERT_TRUE(r3.ok()) << r3.error();
  EXPECT_EQ(r3.http_version(), "HTTP/3");
  EXPECT_EQ(r3.status(), 503);

  const HttpResponse not_found = HttpResponse::parse("HTTP/1.1 404 Not Found\r\n\r\n");
  ASSERT_TRUE(not_found.ok()) << not_found.error();
  EXPECT_EQ(not_found.status(), 404);
  EXPECT_EQ(not_found.reason(), "Not Found");

  const HttpResponse odd = HttpResponse::parse("HTTP/1.1 599 Caf\xc3\xa9\tx \r\n\r\n");
  ASSERT_TRUE(odd.ok()) << odd.error();
  EXPECT_EQ(odd.status(), 599);
  EXPECT_EQ(odd.reason(), "Caf\xc3\xa9\tx");

  const HttpResponse low = HttpResponse::parse("HTTP/1.1 200 \r\n\r\n");
  ASSERT_TRUE(low.ok()) << low.error();
  EXPECT_EQ(low.reason(), "");
}

TEST(HttpResponseTest, StatusLineOnly) {
  const std::string raw = "HTTP/1.1 500 Internal Server Error";
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.status(), 500);
  EXPECT_EQ(r.reason(), "Internal Server Error");
  EXPECT_EQ(r.header_count(), 0u);
  EXPECT_TRUE(r.body().empty());
  EXPECT_EQ(r.body_offset(), raw.size());

  const HttpResponse with_newline = HttpResponse::parse("HTTP/1.1 500\r\n");
  ASSERT_TRUE(with_newline.ok()) << with_newline.error();
  EXPECT_TRUE(with_newline.body().empty());
}

// ---------------------------------------------------------------------------------------------
// Interim responses

TEST(HttpResponseTest, ContinueThenOk) {
  const std::string raw =
      "HTTP/1.1 100 Continue\r\n"
      "\r\n"
      "HTTP/1.1 200 OK\r\n"
      "Content-Type: application/json\r\n"
      "\r\n" +
      std::string(kJsonBody);
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(r.reason(), "OK");
  EXPECT_EQ(r.header_count(), 1u);
  EXPECT_EQ(r.body(), kJsonBody);
}

TEST(HttpResponseTest, TwoInterimBlocksWithHeaders) {
  const HttpResponse r = HttpResponse::parse(
      "HTTP/1.1 100 Continue\n"
      "\n"
      "HTTP/1.1 103 Early Hints\n"
      "Link: </style.css>; rel=preload\n"
      "Content-Type: text/plain\n"
      "\n"
      "HTTP/1.1 201 Created\n"
      "Content-Type: application/json\n"
      "\n"
      "{}");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.status(), 201);
  EXPECT_EQ(r.reason(), "Created");
  // The interim headers are not the final response's.
  EXPECT_EQ(r.header_count(), 1u);
  EXPECT_EQ(r.count_header("Link"), 0u);
  EXPECT_EQ(r.count_header("Content-Type"), 1u);
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.body(), "{}");
}

TEST(HttpResponseTest, Http2InterimThenServerError) {
  const HttpResponse r =
      HttpResponse::parse("HTTP/2 103 \r\nlink: <x>\r\n\r\nHTTP/2 500 \r\n\r\noops");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.status(), 500);
  EXPECT_EQ(r.body(), "oops");
}

TEST(HttpResponseTest, WhatFollowsTheFinalHeadersIsBody) {
  // Only interim blocks are skipped: a second response after the final one is body bytes.
  const HttpResponse r = HttpResponse::parse("HTTP/1.1 200 OK\n\nHTTP/1.1 200 OK\n\n{}");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.body(), "HTTP/1.1 200 OK\n\n{}");
}

TEST(HttpResponseTest, OnlyInterimResponsesIsAnError) {
  expect_error("HTTP/1.1 100 Continue\r\n\r\n", "no final response");
  expect_error("HTTP/1.1 100 Continue\r\n", "no final response");
  expect_error("HTTP/1.1 100 Continue", "no final response");
  expect_error("HTTP/1.1 100 Continue\n\nHTTP/1.1 103 Early Hints\nLink: <x>\n\n",
               "no final response");
  expect_error("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
               "no final response");
}

TEST(HttpResponseTest, GarbageAfterInterimResponse) {
  expect_error("HTTP/1.1 100 Continue\r\n\r\n{}", "no HTTP status line at line 3");
  expect_error("HTTP/1.1 100 Continue\r\n\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
               "no HTTP status line at line 3");
}

// ---------------------------------------------------------------------------------------------
// Headers

TEST(HttpResponseTest, RepeatedHeadersKeptInOrder) {
  const HttpResponse r = HttpResponse::parse(
      "HTTP/1.1 200 OK\r\n"
      "Set-Cookie: a=1\r\n"
      "Content-Type: application/json\r\n"
      "set-cookie: b=2\r\n"
      "\r\n");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.header_count(), 3u);
  EXPECT_EQ(r.count_header("Set-Cookie"), 2u);
  EXPECT_EQ(r.header("SET-COOKIE"), "a=1");  // the first one
  EXPECT_EQ(header_values(r, "Set-Cookie"), (std::vector<std::string_view>{"a=1", "b=2"}));
  ASSERT_EQ(r.header_count(), 3u);
  EXPECT_EQ(r.headers_begin()[0].name, "Set-Cookie");
  EXPECT_EQ(r.headers_begin()[1].name, "Content-Type");
  EXPECT_EQ(r.headers_begin()[2].name, "set-cookie");  // names kept as written
  EXPECT_EQ(r.headers_begin()[2].value, "b=2");

  const Response response = r.to_response();
  EXPECT_FALSE(response.content_type_repeated);  // repeated Set-Cookie is fine
}

TEST(HttpResponseTest, RepeatedContentType) {
  const HttpResponse r = HttpResponse::parse(
      "HTTP/1.1 200 OK\r\n"
      "Content-Type: application/json\r\n"
      "content-type: text/plain\r\n"
      "\r\n{}");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.count_header("Content-Type"), 2u);
  const Response response = r.to_response();
  EXPECT_TRUE(response.content_type_repeated);
  EXPECT_EQ(response.content_type, "application/json");  // the first one
}

TEST(HttpResponseTest, CaseInsensitiveLookups) {
  const HttpResponse r = HttpResponse::parse("HTTP/1.1 200 OK\nCoNtEnT-tYpE: application/json\n\n");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(r.count_header("content-TYPE"), 1u);
  EXPECT_EQ(r.header("Content-Typ"), std::nullopt);
  EXPECT_EQ(r.header("Content-Type2"), std::nullopt);
  EXPECT_EQ(r.count_header("Missing"), 0u);
  EXPECT_EQ(r.header("Missing"), std::nullopt);
}

TEST(HttpResponseTest, HeaderValuesAreTrimmed) {
  const HttpResponse r = HttpResponse::parse(
      "HTTP/1.1 200 OK\r\n"
      "Content-Type: \t application/json ; charset=utf-8 \t \r\n"
      "X-Empty:\r\n"
      "X-Blank:   \t\r\n"
      "X-Tight:value\r\n"
      "X-Inner: a  b\tc\r\n"
      "X-Colon: a:b::c\r\n"
      "X-Latin: caf\xc3\xa9\r\n"
      "\r\n");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.header("Content-Type"), "application/json ; charset=utf-8");
  EXPECT_EQ(r.header("X-Empty"), "");
  EXPECT_EQ(r.header("X-Blank"), "");
  EXPECT_EQ(r.header("X-Tight"), "value");
  EXPECT_EQ(r.header("X-Inner"), "a  b\tc");
  EXPECT_EQ(r.header("X-Colon"), "a:b::c");
  EXPECT_EQ(r.header("X-Latin"), "caf\xc3\xa9");  // obs-text is allowed in values
}

TEST(HttpResponseTest, TokenCharactersInNames) {
  const HttpResponse r = HttpResponse::parse("HTTP/1.1 200 OK\nX!#$%&'*+-.^_`|~9: v\n\n");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.header("x!#$%&'*+-.^_`|~9"), "v");
}

TEST(HttpResponseTest, ExactlyMaxHeadersIsFine) {
  std::string raw = "HTTP/1.1 200 OK\r\n";
  for (std::size_t i = 0; i < HttpResponse::kMaxHeaders; ++i) {
    raw += "X-H" + std::to_string(i) + ": " + std::to_string(i) + "\r\n";
  }
  raw += "\r\n{}";
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.header_count(), HttpResponse::kMaxHeaders);
  EXPECT_EQ(r.header("x-h127"), "127");
  EXPECT_EQ(r.body(), "{}");
}

TEST(HttpResponseTest, MaxHeadersIsPerResponse) {
  // An interim block's headers do not count against the final response's limit.
  std::string block;
  for (std::size_t i = 0; i < HttpResponse::kMaxHeaders; ++i) block += "X: y\n";
  const std::string raw =
      "HTTP/1.1 103 Early Hints\n" + block + "\nHTTP/1.1 200 OK\n" + block + "\n";
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.header_count(), HttpResponse::kMaxHeaders);
}

TEST(HttpResponseTest, TooManyHeaders) {
  std::string raw = "HTTP/1.1 200 OK\r\n";
  for (std::size_t i = 0; i <= HttpResponse::kMaxHeaders; ++i) raw += "X: y\r\n";
  raw += "\r\n";
  expect_error(raw, "too many headers (more than 128)");

  std::string interim = "HTTP/1.1 100 Continue\r\n";
  for (std::size_t i = 0; i <= HttpResponse::kMaxHeaders; ++i) interim += "X: y\r\n";
  expect_error(interim + "\r\nHTTP/1.1 200 OK\r\n\r\n", "too many headers");
}

// ---------------------------------------------------------------------------------------------
// Bodies

TEST(HttpResponseTest, BodyWithNulBytes) {
  const std::string body = "{\0\"a\"\0:\0}\0"s;
  const std::string raw = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n" + body;
  ASSERT_EQ(body.size(), 10u);
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.body().size(), 10u);
  EXPECT_EQ(r.body(), body);
  EXPECT_FALSE(r.content_length_mismatch());
}

TEST(HttpResponseTest, BinaryBodyIsKeptVerbatim) {
  const std::string body = noise(4096, 7);
  const std::string raw =
      "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n" + body;
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.body(), body);
}

TEST(HttpResponseTest, OnlyTheFirstBlankLineEndsTheHeaders) {
  const std::string body = "line one\r\n\r\nNot-A-Header: x\r\n\r\n\n\nend";
  const std::string raw = "HTTP/1.1 200 OK\r\nA: b\r\n\r\n" + body;
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.header_count(), 1u);
  EXPECT_EQ(r.body(), body);
}

TEST(HttpResponseTest, BodyMayStartWithLineEndings) {
  const HttpResponse r = HttpResponse::parse("HTTP/1.1 200 OK\r\n\r\n\r\n{}\r\n");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.body(), "\r\n{}\r\n");
}

TEST(HttpResponseTest, EmptyBody) {
  const std::string raw = "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n";
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.status(), 204);
  EXPECT_TRUE(r.body().empty());
  EXPECT_EQ(r.body_offset(), raw.size());
  EXPECT_FALSE(r.content_length_mismatch());
}

TEST(HttpResponseTest, MissingBlankLineMeansEmptyBody) {
  const std::string raw = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_TRUE(r.body().empty());
  EXPECT_EQ(r.body_offset(), raw.size());

  const HttpResponse no_newline =
      HttpResponse::parse("HTTP/1.1 200 OK\nContent-Type: application/json");
  ASSERT_TRUE(no_newline.ok()) << no_newline.error();
  EXPECT_EQ(no_newline.header("Content-Type"), "application/json");
  EXPECT_TRUE(no_newline.body().empty());
}

TEST(HttpResponseTest, OneMegabyteBody) {
  std::string body(1 << 20, 'x');
  body.front() = '"';
  body.back() = '"';
  const std::string raw = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
                          "\r\nContent-Type: application/json\r\n\r\n" + body;
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.body().size(), body.size());
  EXPECT_EQ(r.body(), body);
  EXPECT_FALSE(r.content_length_mismatch());
}

TEST(HttpResponseTest, LongHeaderValue) {
  const std::string value(1 << 20, 'v');
  const std::string raw = "HTTP/1.1 200 OK\r\nX-Long: " + value + "\r\n\r\n";
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.header("X-Long")->size(), value.size());
}

// ---------------------------------------------------------------------------------------------
// Content-Length

TEST(HttpResponseTest, ContentLengthMatch) {
  const HttpResponse r = HttpResponse::parse("HTTP/1.1 200 OK\nContent-Length: 2\n\n{}");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_FALSE(r.content_length_mismatch());
  EXPECT_FALSE(r.to_response().content_length_mismatch);

  const HttpResponse padded = HttpResponse::parse("HTTP/1.1 200 OK\ncontent-length:  002 \n\n{}");
  ASSERT_TRUE(padded.ok()) << padded.error();
  EXPECT_FALSE(padded.content_length_mismatch());
}

TEST(HttpResponseTest, ContentLengthAbsent) {
  const HttpResponse r = HttpResponse::parse("HTTP/1.1 200 OK\n\n{}");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_FALSE(r.content_length_mismatch());
}

TEST(HttpResponseTest, ContentLengthMismatchIsAWarningNotAnError) {
  const HttpResponse longer = HttpResponse::parse("HTTP/1.1 200 OK\nContent-Length: 3\n\n{}");
  ASSERT_TRUE(longer.ok()) << longer.error();
  EXPECT_TRUE(longer.content_length_mismatch());
  EXPECT_TRUE(longer.to_response().content_length_mismatch);
  EXPECT_EQ(longer.body(), "{}");

  const HttpResponse shorter = HttpResponse::parse("HTTP/1.1 200 OK\nContent-Length: 1\n\n{}");
  ASSERT_TRUE(shorter.ok()) << shorter.error();
  EXPECT_TRUE(shorter.content_length_mismatch());
  EXPECT_EQ(shorter.body(), "{}");  // the body is not cut to Content-Length

  // The CRLF ending a body counts: curl would print exactly Content-Length bytes.
  const HttpResponse trailing = HttpResponse::parse("HTTP/1.1 200 OK\nContent-Length: 2\n\n{}\n");
  ASSERT_TRUE(trailing.ok()) << trailing.error();
  EXPECT_TRUE(trailing.content_length_mismatch());

  const HttpResponse second =
      HttpResponse::parse("HTTP/1.1 200 OK\nContent-Length: 2\nContent-Length: 5\n\n{}");
  ASSERT_TRUE(second.ok()) << second.error();
  EXPECT_TRUE(second.content_length_mismatch());
}

TEST(HttpResponseTest, UnparsableContentLengthIsAMismatch) {
  for (const char* value : {"", "abc", "-2", "+2", "2 2", "2, 2", "0x2", "2.0",
                            "99999999999999999999999999", "18446744073709551616"}) {
    SCOPED_TRACE(value);
    const std::string raw = "HTTP/1.1 200 OK\nContent-Length: " + std::string(value) + "\n\n{}";
    const HttpResponse r = HttpResponse::parse(raw);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_TRUE(r.content_length_mismatch());
  }
}

TEST(HttpResponseTest, InterimContentLengthIsIgnored) {
  const HttpResponse r =
      HttpResponse::parse("HTTP/1.1 100 Continue\nContent-Length: 9\n\nHTTP/1.1 200 OK\n\n{}");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_FALSE(r.content_length_mismatch());
}

// ---------------------------------------------------------------------------------------------
// The capture rules of the rulebook (section 4a), bullet by bullet

TEST(HttpResponseTest, EveryInterimKindIsSkipped) {
  for (const char* interim :
       {"100 Continue", "101 Switching Protocols", "102 Processing", "103 Early Hints"}) {
    SCOPED_TRACE(interim);
    const std::string raw =
        "HTTP/1.1 "s + interim + "\r\nX-Interim: 1\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{}";
    const HttpResponse r = HttpResponse::parse(raw);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.count_header("X-Interim"), 0u);
    EXPECT_EQ(r.body(), "{}");
  }
  // All four in a row, LF and CRLF mixed, HTTP/2 and HTTP/1.1 mixed.
  const HttpResponse r = HttpResponse::parse(
      "HTTP/1.1 100 Continue\r\n\r\n"
      "HTTP/1.1 101 Switching Protocols\nUpgrade: h2c\n\n"
      "HTTP/2 102 \r\n\r\n"
      "HTTP/2 103 \r\nlink: </a.css>; rel=preload\r\n\r\n"
      "HTTP/2 200 \r\ncontent-type: application/json\r\n\r\n{}");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(r.http_version(), "HTTP/2");
  EXPECT_EQ(r.header_count(), 1u);
  EXPECT_EQ(r.body(), "{}");
}

TEST(HttpResponseTest, FinalHeadersWithoutBlankLineAfterInterim) {
  const std::string raw = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: x\r\n";
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.status(), 200);
  EXPECT_TRUE(r.body().empty());
  EXPECT_EQ(r.body_offset(), raw.size());
}

TEST(HttpResponseTest, NothingBetweenInterimAndNextStatusLine) {
  expect_error("HTTP/1.1 100 Continue\r\n\r\n\xef\xbb\xbfHTTP/1.1 200 OK\r\n\r\n{}",
               "no HTTP status line at line 3 after an interim (1xx) response");
  expect_error("HTTP/1.1 103 Early Hints\n\njunk\nHTTP/1.1 200 OK\n\n{}",
               "no HTTP status line at line 3 after an interim (1xx) response");
  expect_error("HTTP/1.1 100 Continue\r\n\r\n \r\nHTTP/1.1 200 OK\r\n\r\n",
               "no HTTP status line at line 3");
}

TEST(HttpResponseTest, HeaderFaultsInAnyBlockAreInputErrors) {
  // A fault inside an interim block is as much a fault as one in the final block.
  expect_error("HTTP/1.1 100 Continue\r\nX/A: b\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
               "malformed header line 2: invalid character in the header name");
  expect_error(
      "HTTP/1.1 103 Early Hints\r\nLink: <a>\r\n ; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
      "malformed header line 3: starts with whitespace (obsolete line folding");
  expect_error("HTTP/1.1 200 OK\r\nX/A: b\r\n\r\n{}",
               "malformed header line 2: invalid character in the header name");
  expect_error("HTTP/1.1 200 OK\r\nX-A : b\r\n\r\n{}", "space in the header name");
  expect_error("HTTP/1.1 200 OK\r\nX-A\x01: b\r\n\r\n{}", "invalid character in the header name");
  expect_error("HTTP/1.1 200 OK\r\nX-A: b\x1b[0m\r\n\r\n{}",
               "control character in the header value");
  expect_error("HTTP/1.1 200 O\x7fK\r\n\r\n{}", "control character in the reason phrase");
  expect_error("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 600 Odd\r\n\r\n{}",
               "status code must be three digits (100-599)");
}

TEST(HttpResponseTest, TabIsTheOneControlByteAllowed) {
  const HttpResponse r = HttpResponse::parse("HTTP/1.1 200 O\tK\r\nX-A: b\tc\r\n\r\n{}");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.reason(), "O\tK");
  EXPECT_EQ(r.header("X-A"), "b\tc");
}

TEST(HttpResponseTest, EveryHttpVersion) {
  for (const char* version : {"HTTP/1.0", "HTTP/1.1", "HTTP/2", "HTTP/3"}) {
    SCOPED_TRACE(version);
    const std::string raw = std::string(version) + " 200 OK\r\n\r\n{}";
    const HttpResponse r = HttpResponse::parse(raw);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.http_version(), version);
    EXPECT_EQ(r.body(), "{}");
  }
}

// ---------------------------------------------------------------------------------------------
// Chunked bodies (Transfer-Encoding: chunked)

std::string chunked_capture(std::string_view framing,
                            std::string_view transfer_encoding = "chunked",
                            std::string_view extra_headers = "") {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: " +
         std::string(transfer_encoding) + "\r\n" + std::string(extra_headers) + "\r\n" +
         std::string(framing);
}

// Keeps a test input alive to the end of the program: an HttpResponse views its bytes.
const std::string& kept(std::string raw) {
  static std::deque<std::string> inputs;  // references stay valid as it grows
  return inputs.emplace_back(std::move(raw));
}

TEST(HttpResponseTest, ChunkedFramingIsDecoded) {
  const std::string raw = chunked_capture("5\r\n{\"a\":\r\nA\r\n\"0123456\"}\r\n0\r\n\r\n");
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_TRUE(r.chunked_decoded());
  EXPECT_EQ(r.body(), "{\"a\":\"0123456\"}");
  // body_offset() still names where the saved bytes start.
  EXPECT_EQ(raw.substr(r.body_offset(), 3), "5\r\n");
  const Response response = r.to_response();
  EXPECT_TRUE(response.chunked_decoded);
  EXPECT_EQ(response.body, r.body());
  EXPECT_FALSE(response.content_length_mismatch);

  // The decoded body lives in the HttpResponse: copies and moves keep it.
  const HttpResponse copy = r;
  HttpResponse moved = HttpResponse(r);
  EXPECT_EQ(copy.body(), "{\"a\":\"0123456\"}");
  EXPECT_EQ(moved.body(), "{\"a\":\"0123456\"}");
  EXPECT_NE(copy.body().data(), r.body().data());
}

TEST(HttpResponseTest, ChunkedGrammarByTheLetter) {
  struct Case {
    const char* framing;
    const char* decoded;
  };
  const Case good[] = {
      {"0\r\n\r\n", ""},                                          // the last chunk alone
      {"000\r\n\r\n", ""},                                        // last-chunk = 1*"0"
      {"2\r\n{}\r\n0\r\n\r\n", "{}"},                             // one chunk
      {"002\r\n{}\r\n0\r\n\r\n", "{}"},                           // leading zeros
      {"a\r\n0123456789\r\n0\r\n\r\n", "0123456789"},             // lower-case hex
      {"1;name\r\nx\r\n0\r\n\r\n", "x"},                          // extension without a value
      {"1 ; a = b ;c=\"q \\\" \\\\\"\r\nx\r\n0;z\r\n\r\n", "x"},  // BWS, quoted string
      {"1\r\nx\r\n0\r\nExpires: never\r\nX-T:\r\n\r\n", "x"},     // trailer fields
      {"3\r\n\r\n\r\r\n0\r\n\r\n", "\r\n\r"},                     // CR LF inside chunk data
  };
  for (const Case& c : good) {
    SCOPED_TRACE(c.framing);
    const std::string raw = chunked_capture(c.framing);
    const HttpResponse r = HttpResponse::parse(raw);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_TRUE(r.chunked_decoded());
    EXPECT_EQ(r.body(), c.decoded);
  }
  // Anything else is taken as it stands: curl -si has already removed the framing.
  const char* as_is[] = {
      "",                                         // empty
      "{\"data\":{}}",                            // what curl -si saves
      "2\r\n{}\r\n",                              // no last chunk
      "2\r\n{}\r\n0\r\n",                         // no final CRLF
      "2\r\n{}\r\n0\r\n\r\nx",                    // something after the final CRLF
      "2\r\n{}\r\n0\r\n\r\n\r\n",                 // an extra CRLF
      "2\n{}\n0\n\n",                             // LF line ends
      "2\r\n{}\n0\r\n\r\n",                       // one LF line end
      "3\r\n{}\r\n0\r\n\r\n",                     // size too large
      "1\r\n{}\r\n0\r\n\r\n",                     // size too small
      "x\r\n{}\r\n0\r\n\r\n",                     // not hex
      "0x2\r\n{}\r\n0\r\n\r\n",                   // a C prefix
      "-2\r\n{}\r\n0\r\n\r\n",                    // signed
      " 2\r\n{}\r\n0\r\n\r\n",                    // leading whitespace
      "2;\r\n{}\r\n0\r\n\r\n",                    // empty extension name
      "2;a=\r\n{}\r\n0\r\n\r\n",                  // empty extension value
      "2;a=\"x\r\n{}\r\n0\r\n\r\n",               // unterminated quoted string
      "2;a/b\r\n{}\r\n0\r\n\r\n",                 // extension name not a token
      "2\r\n{}\r\n0\r\nX y: z\r\n\r\n",           // trailer name not a token
      "2\r\n{}\r\n0\r\nX-Y\r\n\r\n",              // trailer without a colon
      "2\r\n{}\r\n0\r\nX: a\x01\r\n\r\n",         // control byte in a trailer value
      "ffffffffffffffffffff\r\n{}\r\n0\r\n\r\n",  // larger than any input
  };
  for (const char* framing : as_is) {
    SCOPED_TRACE(framing);
    const std::string raw = chunked_capture(framing);
    const HttpResponse r = HttpResponse::parse(raw);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_FALSE(r.chunked_decoded());
    EXPECT_EQ(r.body(), framing);
    EXPECT_FALSE(r.to_response().chunked_decoded);
  }
}

TEST(HttpResponseTest, WhichTransferEncodingsCount) {
  const std::string framing = "2\r\n{}\r\n0\r\n\r\n";
  // chunked as the final coding of the combined list, in any case.
  for (const char* te :
       {"chunked", "CHUNKED", "Chunked", "gzip, chunked", "gzip,chunked , ", " , chunked"}) {
    SCOPED_TRACE(te);
    const std::string raw = chunked_capture(framing, te);
    const HttpResponse r = HttpResponse::parse(raw);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_TRUE(r.chunked_decoded());
  }
  for (const char* te : {"identity", "chunked, gzip", "gzip", "chunked;q=1", "xchunked", ""}) {
    SCOPED_TRACE(te);
    const std::string raw = chunked_capture(framing, te);
    const HttpResponse r = HttpResponse::parse(raw);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_FALSE(r.chunked_decoded());
    EXPECT_EQ(r.body(), framing);
  }
  // Several Transfer-Encoding headers form one list: the last element decides.
  const HttpResponse two =
      HttpResponse::parse(kept(chunked_capture(framing, "gzip", "transfer-encoding: chunked\r\n")));
  EXPECT_TRUE(two.chunked_decoded());
  const HttpResponse reversed =
      HttpResponse::parse(kept(chunked_capture(framing, "chunked", "Transfer-Encoding: gzip\r\n")));
  EXPECT_FALSE(reversed.chunked_decoded());
  // No header, no decoding.
  const HttpResponse plain = HttpResponse::parse(kept("HTTP/1.1 200 OK\r\n\r\n" + framing));
  EXPECT_FALSE(plain.chunked_decoded());
  // Only the final response's headers count.
  const HttpResponse interim = HttpResponse::parse(
      kept("HTTP/1.1 100 Continue\r\nTransfer-Encoding: chunked\r\n\r\nHTTP/1.1 200 OK\r\n\r\n" +
           framing));
  EXPECT_FALSE(interim.chunked_decoded());
}

TEST(HttpResponseTest, ContentLengthIsComparedWithTheDecodedBody) {
  const std::string framing = "2\r\n{}\r\n0\r\n\r\n";
  const HttpResponse decoded_length =
      HttpResponse::parse(kept(chunked_capture(framing, "chunked", "Content-Length: 2\r\n")));
  EXPECT_TRUE(decoded_length.chunked_decoded());
  EXPECT_FALSE(decoded_length.content_length_mismatch());
  const HttpResponse framing_length = HttpResponse::parse(kept(chunked_capture(
      framing, "chunked", "Content-Length: " + std::to_string(framing.size()) + "\r\n")));
  EXPECT_TRUE(framing_length.content_length_mismatch());
  EXPECT_TRUE(framing_length.to_response().content_length_mismatch);
}

// ---------------------------------------------------------------------------------------------
// to_response

TEST(HttpResponseTest, ToResponse) {
  const std::string raw =
      "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 99\r\n\r\n{}";
  const HttpResponse r = HttpResponse::parse(raw);
  ASSERT_TRUE(r.ok()) << r.error();
  const Response response = r.to_response();
  EXPECT_EQ(response.transport, Transport::kCompleted);
  EXPECT_FALSE(response.elapsed_ms.has_value());
  EXPECT_EQ(response.status, 201);
  ASSERT_TRUE(response.content_type.has_value());
  EXPECT_EQ(*response.content_type, "application/json");
  EXPECT_FALSE(response.content_type_repeated);
  EXPECT_EQ(response.body, "{}");
  EXPECT_EQ(response.body.data(), raw.data() + raw.size() - 2);
  EXPECT_TRUE(response.content_length_mismatch);
}

TEST(HttpResponseTest, ToResponseWithoutContentType) {
  const HttpResponse r = HttpResponse::parse("HTTP/2 200\r\n\r\n{}");
  ASSERT_TRUE(r.ok()) << r.error();
  const Response response = r.to_response();
  EXPECT_EQ(response.status, 200);
  EXPECT_FALSE(response.content_type.has_value());
  EXPECT_FALSE(response.content_type_repeated);
  EXPECT_FALSE(response.content_length_mismatch);
}

TEST(HttpResponseTest, ToResponseWithEmptyContentType) {
  const HttpResponse r = HttpResponse::parse("HTTP/2 200\r\ncontent-type:\r\n\r\n{}");
  ASSERT_TRUE(r.ok()) << r.error();
  const Response response = r.to_response();
  ASSERT_TRUE(response.content_type.has_value());  // present, if empty
  EXPECT_EQ(*response.content_type, "");
}

// ---------------------------------------------------------------------------------------------
// Errors

TEST(HttpResponseTest, EmptyInput) { expect_error("", "input is empty"); }

TEST(HttpResponseTest, NoStatusLine) {
  constexpr std::string_view kNoStatus =
      "no HTTP status line: the first line must look like 'HTTP/1.1 200 OK'";
  expect_error("hello", kNoStatus);
  expect_error("{\"data\":{}}", kNoStatus);
  expect_error("http/1.1 200 OK\r\n\r\n", kNoStatus);  // HTTP-name is case-sensitive
  expect_error("HTTP 200 OK\r\n\r\n", kNoStatus);
  expect_error("Content-Type: application/json\r\n\r\n{}", kNoStatus);
  expect_error(" HTTP/1.1 200 OK\r\n\r\n", kNoStatus);
  expect_error("\r", "starts with a blank line");
}

TEST(HttpResponseTest, MalformedVersion) {
  expect_error("HTTP/ 200 OK\n\n", "malformed HTTP version");
  expect_error("HTTP/x.1 200 OK\n\n", "malformed HTTP version");
  expect_error("HTTP/1. 200 OK\n\n", "malformed HTTP version");
  expect_error("HTTP/1.1200 OK\n\n", "malformed HTTP version");
  expect_error("HTTP/11 200 OK\n\n", "malformed HTTP version");
  expect_error("HTTP/1.1\t200 OK\n\n", "malformed HTTP version");
  expect_error("HTTP/", "malformed HTTP version");
}

TEST(HttpResponseTest, StatusMustBeThreeDigits) {
  constexpr std::string_view kBadStatus = "status code must be three digits";
  for (const char* raw :
       {"HTTP/1.1 20 OK\n\n", "HTTP/1.1 2000 OK\n\n", "HTTP/1.1 abc OK\n\n", "HTTP/1.1 2x0 OK\n\n",
        "HTTP/1.1 200OK\n\n", "HTTP/1.1  200 OK\n\n", "HTTP/1.1 099 Low\n\n", "HTTP/1.1 000\n\n",
        "HTTP/1.1 600 High\n\n", "HTTP/1.1 999\n\n", "HTTP/1.1\n\n", "HTTP/1.1 \n\n", "HTTP/2 20",
        "HTTP/1.1 -200 OK\n\n", "HTTP/1.1 200\t OK\n\n"}) {
    SCOPED_TRACE(raw);
    expect_error(raw, kBadStatus);
  }
  expect_error("HTTP/1.1 100 Continue\n\nHTTP/1.1 20 OK\n\n", "(line 3)");
}

TEST(HttpResponseTest, ControlCharacterInReason) {
  expect_error("HTTP/1.1 200 O\x01K\n\n", "control character in the reason phrase");
  expect_error("HTTP/1.1 200 OK\r\r\n\r\n", "control character in the reason phrase");
  expect_error("HTTP/1.1 200 OK\0\n\n"s, "control character in the reason phrase");
}

TEST(HttpResponseTest, HeaderWithoutColon) {
  expect_error("HTTP/1.1 200 OK\r\nContent-Type application/json\r\n\r\n{}",
               "malformed header line 2: no ':'");
  expect_error("HTTP/1.1 200 OK\r\nA: b\r\nC: d\r\n{}\r\n", "malformed header line 4: no ':'");
  // Line numbers count the interim blocks too.
  expect_error("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nbad\r\n\r\n",
               "malformed header line 4: no ':'");
}

TEST(HttpResponseTest, EmptyHeaderName) {
  expect_error("HTTP/1.1 200 OK\r\n: value\r\n\r\n", "malformed header line 2: empty header name");
  expect_error("HTTP/1.1 200 OK\r\n:\r\n\r\n", "malformed header line 2: empty header name");
}

TEST(HttpResponseTest, SpaceInHeaderName) {
  expect_error("HTTP/1.1 200 OK\r\nContent Type: application/json\r\n\r\n",
               "malformed header line 2: space in the header name");
  expect_error("HTTP/1.1 200 OK\r\nContent-Type : application/json\r\n\r\n",
               "malformed header line 2: space in the header name");
  expect_error("HTTP/1.1 200 OK\r\nContent-Type\t: application/json\r\n\r\n",
               "malformed header line 2: space in the header name");
}

TEST(HttpResponseTest, InvalidCharacterInHeaderName) {
  expect_error("HTTP/1.1 200 OK\r\nContent(Type): x\r\n\r\n",
               "malformed header line 2: invalid character in the header name");
  expect_error("HTTP/1.1 200 OK\r\nCont\xc3\xa9nt: x\r\n\r\n",
               "malformed header line 2: invalid character in the header name");
  expect_error("HTTP/1.1 200 OK\r\nX\0Y: x\r\n\r\n"s,
               "malformed header line 2: invalid character in the header name");
}

TEST(HttpResponseTest, ControlCharacterInHeaderValue) {
  expect_error("HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n"s,
               "malformed header line 2: control character in the header value");
  expect_error("HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n",
               "malformed header line 2: control character in the header value");
  expect_error("HTTP/1.1 200 OK\r\nX: a\x7f\r\n\r\n",
               "malformed header line 2: control character in the header value");
  // A bare CR is not a line ending.
  expect_error("HTTP/1.1 200 OK\rX: a\r\r{}", "control character in the reason phrase");
}

TEST(HttpResponseTest, ObsoleteLineFoldingIsRejected) {
  expect_error("HTTP/1.1 200 OK\r\nX-Long: a\r\n b\r\n\r\n",
               "malformed header line 3: starts with whitespace (obsolete line folding");
  expect_error("HTTP/1.1 200 OK\r\nX-Long: a\r\n\tb\r\n\r\n", "obsolete line folding");
  expect_error("HTTP/1.1 200 OK\r\n Content-Type: application/json\r\n\r\n",
               "malformed header line 2: starts with whitespace");
}

TEST(HttpResponseTest, ByteOrderMarkIsRejected) {
  expect_error("\xef\xbb\xbfHTTP/1.1 200 OK\r\n\r\n{}", "byte-order mark");
  expect_error("\xef\xbb\xbf", "byte-order mark");
}

TEST(HttpResponseTest, LeadingBlankLinesAreRejected) {
  expect_error("\r\nHTTP/1.1 200 OK\r\n\r\n{}", "input starts with a blank line");
  expect_error("\nHTTP/1.1 200 OK\n\n{}", "input starts with a blank line");
  expect_error("\n", "input starts with a blank line");
}

TEST(HttpResponseTest, BinaryGarbage) {
  expect_error("\0\0\0\0"s, "no HTTP status line");
  expect_error("\x89PNG\r\n\x1a\n", "no HTTP status line");
  expect_error("HTTP/1.1 200 OK\r\n\x01\x02\x03\r\n\r\n", "malformed header line 2");
}

TEST(HttpResponseTest, OneMegabyteOfNoiseFailsFast) {
  const auto start = std::chrono::steady_clock::now();
  for (std::uint32_t seed = 1; seed <= 4; ++seed) {
    const std::string bytes = noise(1 << 20, seed);
    EXPECT_FALSE(HttpResponse::parse(bytes).ok());
    // Behind a valid status line the noise must still be refused, never taken as headers.
    const std::string behind_status = "HTTP/1.1 200 OK\r\n" + noise(1 << 20, seed + 100);
    const HttpResponse r = HttpResponse::parse(behind_status);
    EXPECT_FALSE(r.ok());
    EXPECT_NE(r.error().find("malformed header line"), std::string::npos) << r.error();
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(5));  // linear: milliseconds in practice
}

TEST(HttpResponseTest, ManyShortLinesAreLinear) {
  // 1 MB of one-byte lines after a status line: the first one fails, nothing is quadratic.
  const std::string raw = "HTTP/1.1 200 OK\n" + std::string(1 << 20, ':');
  expect_error(raw, "empty header name");

  std::string headers = "HTTP/1.1 200 OK\n";
  while (headers.size() < (1u << 20)) headers += "a:\n";
  expect_error(headers, "too many headers");

  const auto start = std::chrono::steady_clock::now();
  std::string interims;
  while (interims.size() < (1u << 20)) interims += "HTTP/1.1 100 Continue\n\n";
  expect_error(interims, "no final response");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace entracheck
