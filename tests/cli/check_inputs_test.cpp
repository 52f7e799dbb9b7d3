// `entracheck check` with the inputs test suites have (a response by its parts, JSON Lines,
// directories and patterns, decimal elapsed times) and the output CI reads (error objects in
// --json, the summary line, colour, --quiet, --strict, --junit). Runs the built binary.
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <openssl/evp.h>
#include <poll.h>
#include <pty.h>
#include <rapidjson/document.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli_support.h"

namespace {

using namespace entracheck::testing_cli;

const std::string kCases = ENTRACHECK_SOURCE_DIR "/tests/cli_cases";

const std::string kAcceptedBody =
    R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData","actions":[)"
    R"({"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken",)"
    R"("claims":{"a":"b"}}]}})";
const std::string kNumericBody =
    R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData","actions":[)"
    R"({"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken",)"
    R"("claims":{"points":5}}]}})";
const std::string kWarningBody =
    R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData","actions":[)"
    R"({"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken",)"
    R"("claims":{"a":"b"},"Claims":{}}]}})";
// Valid for no event in particular: the event must be given or inferred.
const std::string kNoTypeBody = R"({"data":{"actions":[]}})";

std::string json_quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

class CheckInputsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (kCli.empty()) GTEST_SKIP() << "the CLI is not built";
    dir_ = make_temp_dir();
    ASSERT_FALSE(dir_.empty());
    write_file(dir_ + "/accepted.json", kAcceptedBody);
    write_file(dir_ + "/numeric.json", kNumericBody);
    write_file(dir_ + "/notype.json", kNoTypeBody);
  }
  void TearDown() override { shell("rm -rf '" + dir_ + "'"); }

  // Runs the CLI in `dir_` with NO_COLOR unset-equivalent defaults.
  RunResult run(const std::vector<std::string>& args, const std::string& stdin_path = "/dev/null",
                const std::vector<std::string>& env = {}) {
    return run_program(kCli, args, stdin_path, env, dir_);
  }

  std::string path(const std::string& name) const { return dir_ + "/" + name; }

  // JSON Lines on standard input from `lines`.
  RunResult run_jsonl(const std::vector<std::string>& lines,
                      std::vector<std::string> extra = {"--json"}) {
    std::string text;
    for (const std::string& line : lines) text += line + "\n";
    write_file(path("in.jsonl"), text);
    std::vector<std::string> args = {"check", "--input", "jsonl"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args, path("in.jsonl"));
  }

  std::string dir_;
};

bool parse(const std::string& text, rapidjson::Document* doc) {
  doc->Parse(text.c_str(), text.size());
  if (doc->HasParseError()) {
    ADD_FAILURE() << "not JSON: " << text;
    return false;
  }
  return true;
}

std::string str(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject() || !object.HasMember(key) || !object[key].IsString()) return "<none>";
  return object[key].GetString();
}

int code(const rapidjson::Value& object) {
  return object.IsObject() && object.HasMember("code") && object["code"].IsInt()
             ? object["code"].GetInt()
             : 0;
}

// An input error's object: exactly file, verdict "error" and message.
void expect_error_object(const rapidjson::Value& object, const std::string& file,
                         const std::string& message_part) {
  ASSERT_TRUE(object.IsObject());
  std::vector<std::string> keys;
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    keys.emplace_back(it->name.GetString());
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"file", "verdict", "message"}));
  EXPECT_EQ(str(object, "file"), file);
  EXPECT_EQ(str(object, "verdict"), "error");
  EXPECT_TRUE(contains(str(object, "message"), message_part)) << str(object, "message");
}

// ---------------------------------------------------------------------------------------------
// A response by its parts.

TEST_F(CheckInputsTest, PartsAccepted) {
  const RunResult r = run({"check", "--status", "200", "--content-type", "application/json",
                           "--body", "accepted.json"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "accepted.json: accepted");
  EXPECT_TRUE(contains(r.out, "event: tokenIssuanceStart (inferred")) << r.out;
  EXPECT_EQ(r.err, "");
}

TEST_F(CheckInputsTest, PartsBodyFromStdin) {
  const RunResult r = run({"check", "--json", "--status", "200", "--header",
                           "Content-Type: application/json", "--body", "-"},
                          path("numeric.json"));
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse(r.out, &doc));
  EXPECT_EQ(str(doc, "file"), "<stdin>");
  EXPECT_EQ(code(doc), 1003003);
  EXPECT_EQ(str(doc, "rule"), "claims.value-type");
}

TEST_F(CheckInputsTest, PartsContentTypeRules) {
  // No Content-Type at all: the missing-header rule, no event needed.
  const RunResult missing = run({"check", "--json", "--status", "200", "--body", "accepted.json"});
  EXPECT_EQ(missing.status, 1) << missing.out << missing.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse(missing.out, &doc));
  EXPECT_EQ(code(doc), 1003006);
  EXPECT_EQ(str(doc, "event"), "tokenIssuanceStart");  // inferred from the body
  // --content-type and --header 'Content-Type: ...' are two headers: the repeated-header rule.
  const RunResult twice =
      run({"check", "--json", "--status", "200", "--content-type", "application/json", "--header",
           "content-type: application/json", "--body", "accepted.json"});
  EXPECT_EQ(twice.status, 1) << twice.out << twice.err;
  ASSERT_TRUE(parse(twice.out, &doc));
  EXPECT_EQ(code(doc), 1003006);
  const RunResult once =
      run({"check", "--json", "--status", "200", "--content-type", "application/json", "--header",
           "X-Other: 1", "--body", "accepted.json"});
  EXPECT_EQ(once.status, 0) << once.out << once.err;
  // A capture's whitespace around the value is trimmed the same way.
  EXPECT_EQ(run({"check", "--status", "200", "--header", "Content-Type:   application/json  ",
                 "--body", "accepted.json"})
                .status,
            0);
}

TEST_F(CheckInputsTest, PartsStatusAndTransport) {
  const RunResult status = run({"check", "--status", "500", "--content-type", "text/html"});
  EXPECT_EQ(status.status, 1) << status.out << status.err;
  EXPECT_TRUE(contains(status.out, "<parts>: rejected 1003002 CustomExtensionInvalidHTTPStatus"))
      << status.out;
  EXPECT_TRUE(contains(status.out, "  event: not needed")) << status.out;
  const RunResult timeout = run({"check", "--transport", "timed-out"});
  EXPECT_EQ(timeout.status, 1) << timeout.out << timeout.err;
  EXPECT_TRUE(contains(timeout.out, "rejected 1003005 CustomExtensionTimedOut")) << timeout.out;
  const RunResult refused = run({"check", "--json", "--transport", "connection-failed"});
  EXPECT_EQ(refused.status, 1) << refused.out << refused.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse(refused.out, &doc));
  EXPECT_EQ(code(doc), 1003027);
}

TEST_F(CheckInputsTest, PartsBadInput) {
  expect_clear_error(run({"check", "--status", "200", "--content-type", "application/json",
                          "--body", "no-such-body.json"}),
                     "cannot read no-such-body.json: No such file or directory", "--body missing");
  const std::vector<std::pair<std::vector<std::string>, std::string>> usage = {
      {{"check", "--status", "200", "--header", "NoColon"}, "--header"},
      {{"check", "--status", "200", "--header", "Bad Name: x"}, "space in the header name"},
      {{"check", "--status", "200", "--header", "X: a\x01"}, "control character"},
      {{"check", "--status", "99"}, "--status"},
      {{"check", "--status", "200", kCases + "/accepted_token.http"}, "give no FILE"},
      {{"check", "--content-type", "application/json", "--body", "accepted.json"}, "--status"},
      {{"check", "--transport", "lost"}, "--transport"},
      {{"check", "--input", "jsonl", "--status", "200"}, "--input jsonl"},
      {{"check", "--input", "xml"}, "--input"},
      {{"check"}, "FILE"},
  };
  for (const auto& [args, part] : usage) {
    std::string joined;
    for (const std::string& a : args) joined += a + " ";
    expect_clear_error(run(args), part, joined);
  }
}

// ---------------------------------------------------------------------------------------------
// Elapsed times: decimals rounded up, seconds as curl prints them.

TEST_F(CheckInputsTest, ElapsedDecimalsRoundUp) {
  const std::string capture = kCases + "/accepted_token.http";
  const auto status = [&](std::vector<std::string> option) {
    std::vector<std::string> args = {"check"};
    args.insert(args.end(), option.begin(), option.end());
    args.push_back(capture);
    return run(args).status;
  };
  EXPECT_EQ(status({"--elapsed-ms", "1000"}), 0);
  EXPECT_EQ(status({"--elapsed-ms", "1000.0"}), 0);
  EXPECT_EQ(status({"--elapsed-ms", "999.999"}), 0);
  EXPECT_EQ(status({"--elapsed-ms", "1000.01"}), 1);  // 1001 ms > 1000
  EXPECT_EQ(status({"--elapsed-ms", "1519.3"}), 1);
  EXPECT_EQ(status({"--elapsed", "1s"}), 0);
  EXPECT_EQ(status({"--elapsed", "1.000000"}), 0);  // curl's %{time_total}
  EXPECT_EQ(status({"--elapsed", "1.0001"}), 1);
  EXPECT_EQ(status({"--elapsed", "1.518s"}), 1);
  EXPECT_EQ(status({"--elapsed", "1000ms"}), 0);
  EXPECT_EQ(status({"--elapsed", "1000.5ms"}), 1);
  EXPECT_EQ(status({"--timeout-ms", "2000", "--elapsed", "1.999999s"}), 0);
  const RunResult r = run({"check", "--elapsed", "1.518s", capture});
  EXPECT_TRUE(contains(r.out, "rejected 1003005 CustomExtensionTimedOut")) << r.out;
  for (const std::vector<std::string>& bad :
       std::vector<std::vector<std::string>>{{"--elapsed-ms", "1.5s"},
                                             {"--elapsed-ms", ".5"},
                                             {"--elapsed-ms", "1."},
                                             {"--elapsed-ms", "-1"},
                                             {"--elapsed", "1.5x"},
                                             {"--elapsed", "s"},
                                             {"--elapsed", "5000000s"},
                                             {"--elapsed", "1s", "--elapsed-ms", "5"}}) {
    std::vector<std::string> args = {"check"};
    args.insert(args.end(), bad.begin(), bad.end());
    args.push_back(capture);
    expect_clear_error(run(args), "--elapsed", bad[0] + " " + bad[1]);
  }
}

// ---------------------------------------------------------------------------------------------
// JSON Lines.

TEST_F(CheckInputsTest, JsonLinesVerdicts) {
  const std::string ok = json_quoted(kAcceptedBody);
  const RunResult r = run_jsonl({
      R"({"name":"ok","status":200,"headers":{"Content-Type":"application/json"},"body":)" + ok +
          "}",
      "",
      R"({"status":200,"headers":{"content-type":"application/json"},"body":)" +
          json_quoted(kNumericBody) + "}",
      R"({"name":"slow","status":200,"headers":{"Content-Type":"application/json"},"body":)" + ok +
          R"(,"elapsed_ms":1000.2})",
      R"({"name":"just in time","status":200,"headers":{"Content-Type":"application/json"},)"
      R"("body":)" +
          ok + R"(,"elapsed_ms":1000})",
      R"({"name":"timeout","transport":"timed-out"})",
      R"({"name":"refused","transport":"connection-failed"})",
      R"({"name":"twice","status":200,"headers":{"Content-Type":["application/json","text/plain"]},"body":)" +
          ok + "}",
      R"({"name":"b64","status":200,"headers":{"Content-Type":"application/json"},"body_base64":)" +
          json_quoted(base64(kAcceptedBody)) + "}",
      R"({"name":"event","status":200,"headers":{"Content-Type":"application/json"},)"
      R"("event":"attributeCollectionStart","body":)" +
          ok + "}",
      "   ",
  });
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse(r.out, &doc));
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 9u) << r.out;
  EXPECT_EQ(str(doc[0], "file"), "ok");
  EXPECT_EQ(str(doc[0], "verdict"), "accepted");
  EXPECT_EQ(str(doc[1], "file"), "<stdin>:3");  // no name: where it came from
  EXPECT_EQ(code(doc[1]), 1003003);
  EXPECT_EQ(str(doc[2], "file"), "slow");
  EXPECT_EQ(code(doc[2]), 1003005);  // 1000.2 ms rounds up to 1001 > 1000
  EXPECT_EQ(str(doc[3], "verdict"), "accepted");
  EXPECT_EQ(code(doc[4]), 1003005);
  EXPECT_EQ(code(doc[5]), 1003027);
  EXPECT_EQ(code(doc[6]), 1003006);  // a list of values is a repeated header
  EXPECT_EQ(str(doc[7], "file"), "b64");
  EXPECT_EQ(str(doc[7], "verdict"), "accepted");
  EXPECT_EQ(str(doc[8], "event"), "attributeCollectionStart");  // the line's event decides
  EXPECT_EQ(str(doc[8], "verdict"), "rejected");
  // 1000 ms of a 1000 ms timeout passes, with the near-timeout warning.
  ASSERT_EQ(doc[3]["warnings"].Size(), 1u);
  EXPECT_EQ(str(doc[3]["warnings"][0], "rule"), "warn.elapsed-near-timeout");
  EXPECT_EQ(r.err, "3 accepted, 6 rejected, 0 errors, 1 with warnings\n") << r.out;
}

TEST_F(CheckInputsTest, JsonLinesEventOption) {
  // --event applies to lines without one; a line's own event wins.
  const std::string line =
      R"({"status":200,"headers":{"Content-Type":"application/json"},"body":)" +
      json_quoted(kNoTypeBody);
  const RunResult r = run_jsonl({line + "}", line + R"(,"event":"tokenIssuanceStart"})"},
                                {"--json", "--event", "attributeCollectionStart"});
  rapidjson::Document doc;
  ASSERT_TRUE(parse(r.out, &doc));
  ASSERT_EQ(doc.Size(), 2u);
  EXPECT_EQ(str(doc[0], "event"), "attributeCollectionStart");
  EXPECT_EQ(str(doc[1], "event"), "tokenIssuanceStart");
  // Without any event: every event rejects a body without @odata.type alike, so no event is
  // needed.
  const RunResult none = run_jsonl({line + "}"});
  EXPECT_EQ(none.status, 1);
  ASSERT_TRUE(parse(none.out, &doc));
  ASSERT_EQ(doc.Size(), 1u);
  EXPECT_TRUE(doc[0]["event"].IsNull()) << none.out;
  EXPECT_EQ(str(doc[0], "rule"), "envelope.type-missing");
}

TEST_F(CheckInputsTest, JsonLinesBadLinesAreErrorsAndTheOthersStillCount) {
  const std::string ok = R"({"status":200,"headers":{"Content-Type":"application/json"},"body":)" +
                         json_quoted(kAcceptedBody) + "}";
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"{not json", "not JSON"},
      {"[1,2]", "not a JSON object"},
      {R"({"transport":"lost"})", "unknown transport \"lost\""},
      {R"({"status":200,"body":"x","body_base64":"eA=="})", "both \"body\" and \"body_base64\""},
      {R"({"status":200,"body_base64":"e$A="})", "not base64"},
      {R"({"status":200,"body_base64":"eA=x"})", "not base64"},
      {R"({"status":"200"})", "\"status\" must be an HTTP status"},
      {R"({"status":200,"headers":{"Content-Type":5}})", "a string or an array of strings"},
      {R"({"status":200,"headers":{"Bad Name":"x"}})", "space in the header name"},
      {R"({"status":200,"headers":{"X":"a\nb"}})", "control character"},
      {R"({"status":200,"event":"noSuchEvent"})", "unknown event 'noSuchEvent'"},
      {R"({"status":200,"elapsed_ms":-1})", "\"elapsed_ms\" must be"},
      {R"({"status":200,"elapsed_ms":"5"})", "\"elapsed_ms\" must be"},
      {R"({"stauts":200})", "unknown key \"stauts\""},
      {R"({"status":200,"status":201})", "given twice"},
      {R"({"headers":{}})", "\"status\" is missing"},
      {R"({"status":200,"name":7})", "\"name\" must be a string"},
      {"{\"status\":200,\"body\":\"\xff\"}", "not JSON"},
  };
  std::vector<std::string> lines;
  for (const auto& [line, part] : bad) {
    lines.push_back(ok);
    lines.push_back(line);
  }
  lines.push_back(ok);
  const RunResult r = run_jsonl(lines);
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse(r.out, &doc));
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), lines.size());
  std::vector<std::string> err_lines;
  for (std::size_t start = 0; start < r.err.size();) {
    const std::size_t end = r.err.find('\n', start);
    err_lines.push_back(r.err.substr(start, end - start));
    start = end + 1;
  }
  ASSERT_EQ(err_lines.size(), bad.size() + 1) << r.err;  // one sentence each, then the summary
  for (std::size_t i = 0; i < bad.size(); ++i) {
    const std::string where = "<stdin>:" + std::to_string(2 * i + 2);
    EXPECT_EQ(str(doc[2 * i], "verdict"), "accepted") << i;
    expect_error_object(doc[2 * i + 1], where, bad[i].second);
    EXPECT_EQ(err_lines[i].rfind("entracheck: " + where + ": ", 0), 0u) << err_lines[i];
    EXPECT_TRUE(contains(err_lines[i], bad[i].second)) << err_lines[i];
  }
  EXPECT_EQ(str(doc[lines.size() - 1], "verdict"), "accepted");
  EXPECT_EQ(err_lines.back(), std::to_string(bad.size() + 1) + " accepted, 0 rejected, " +
                                  std::to_string(bad.size()) + " errors");
}

TEST_F(CheckInputsTest, JsonLinesFromFilesAndTextOutput) {
  write_file(path("a.jsonl"), R"({"name":"first","transport":"timed-out"})"
                              "\n\n"
                              R"({"transport":"completed","status":200})"
                              "\n");
  const RunResult r = run({"check", "--input", "jsonl", "a.jsonl", "missing.jsonl"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "first: rejected 1003005 CustomExtensionTimedOut\n")) << r.out;
  // No Content-Type at all: the missing-header rule decides, no event needed.
  EXPECT_TRUE(contains(r.out, "a.jsonl:3: rejected 1003006")) << r.out;
  EXPECT_TRUE(contains(r.out, "\n0 accepted, 2 rejected, 1 error\n")) << r.out;
  EXPECT_TRUE(contains(r.err, "entracheck: cannot read missing.jsonl: No such file")) << r.err;
}

// ---------------------------------------------------------------------------------------------
// Directories and patterns.

TEST_F(CheckInputsTest, DirectoryIsWalkedRecursivelyInOrder) {
  shell("mkdir -p '" + path("caps/b") + "' '" + path("caps/a") + "' '" + path("empty/sub") + "'");
  const std::string accepted = read_file(kCases + "/accepted_token.http");
  write_file(path("caps/b/z.http"), accepted);
  write_file(path("caps/a/y.http"), read_file(kCases + "/rejected_status_500.http"));
  write_file(path("caps/x.http"), accepted);
  write_file(path("caps/notes.txt"), "not a capture");
  const RunResult r = run({"check", "--json", "caps"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse(r.out, &doc));
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 3u);
  EXPECT_EQ(str(doc[0], "file"), "caps/a/y.http");
  EXPECT_EQ(str(doc[1], "file"), "caps/b/z.http");
  EXPECT_EQ(str(doc[2], "file"), "caps/x.http");
  EXPECT_EQ(r.err, "2 accepted, 1 rejected, 0 errors\n");
  // A directory is an array even when it holds one capture.
  const RunResult one = run({"check", "--json", "caps/b"});
  ASSERT_TRUE(parse(one.out, &doc));
  EXPECT_TRUE(doc.IsArray());
  EXPECT_EQ(one.err, "");  // one response: no summary
  // A directory with no captures: an input error, the other operands still checked.
  const RunResult empty = run({"check", "--json", "empty", "caps/x.http"});
  EXPECT_EQ(empty.status, 2) << empty.out << empty.err;
  ASSERT_TRUE(parse(empty.out, &doc));
  ASSERT_EQ(doc.Size(), 2u);
  expect_error_object(doc[0], "empty", "no captures in directory empty");
  EXPECT_EQ(str(doc[1], "verdict"), "accepted");
  EXPECT_TRUE(contains(empty.err,
                       "entracheck: no captures in directory empty (entracheck "
                       "looks for *.http files, recursively)\n"))
      << empty.err;
}

TEST_F(CheckInputsTest, GlobPatterns) {
  shell("mkdir -p '" + path("caps") + "'");
  write_file(path("caps/2.http"), read_file(kCases + "/rejected_content_type.http"));
  write_file(path("caps/1.http"), read_file(kCases + "/accepted_token.http"));
  write_file(path("caps/3.txt"), "not matched");
  const RunResult r = run({"check", "caps/*.http"});  // quoted: the shell did not expand it
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "caps/1.http: accepted");
  EXPECT_TRUE(contains(r.out, "\ncaps/2.http: rejected 1003006")) << r.out;
  EXPECT_TRUE(r.out.size() > 35 &&
              r.out.substr(r.out.size() - 34) == "\n1 accepted, 1 rejected, 0 errors\n")
      << r.out;
  const RunResult none = run({"check", "--json", "caps/*.xml"});
  EXPECT_EQ(none.status, 2);
  rapidjson::Document doc;
  ASSERT_TRUE(parse(none.out, &doc));
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 1u);
  expect_error_object(doc[0], "caps/*.xml", "no file matches the pattern caps/*.xml");
  EXPECT_EQ(none.err, "entracheck: no file matches the pattern caps/*.xml\n");
}

// ---------------------------------------------------------------------------------------------
// Errors as objects in --json.

TEST_F(CheckInputsTest, JsonErrorObjects) {
  write_file(path("notype.http"), "not an HTTP response");
  const RunResult single = run({"check", "--json", "notype.http"});
  EXPECT_EQ(single.status, 2);
  rapidjson::Document doc;
  ASSERT_TRUE(parse(single.out, &doc));
  expect_error_object(doc, "notype.http", "notype.http: ");
  EXPECT_TRUE(single.err.rfind("entracheck: notype.http: ", 0) == 0) << single.err;
  EXPECT_EQ(single.err.find('\n'), single.err.size() - 1) << single.err;
  const RunResult several =
      run({"check", "--json", "notype.http", "missing.http", kCases + "/accepted_token.http"});
  EXPECT_EQ(several.status, 2);
  ASSERT_TRUE(parse(several.out, &doc));
  ASSERT_EQ(doc.Size(), 3u);
  expect_error_object(doc[0], "notype.http", "notype.http: ");
  expect_error_object(doc[1], "missing.http", "cannot read missing.http: No such file");
  EXPECT_EQ(str(doc[2], "verdict"), "accepted");
  EXPECT_TRUE(contains(several.err, "1 accepted, 0 rejected, 2 errors\n")) << several.err;
}

// ---------------------------------------------------------------------------------------------
// Output for CI.

TEST_F(CheckInputsTest, QuietAndStrict) {
  write_file(path("warned.http"),
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + kWarningBody);
  const std::string accepted = kCases + "/accepted_token.http";
  const std::string rejected = kCases + "/rejected_status_500.http";
  const RunResult quiet = run({"check", "--quiet", accepted, "warned.http", rejected});
  EXPECT_EQ(quiet.status, 1);
  EXPECT_FALSE(contains(quiet.out, "accepted_token.http")) << quiet.out;
  EXPECT_FALSE(contains(quiet.out, "warned.http")) << quiet.out;
  EXPECT_TRUE(contains(quiet.out, "rejected_status_500.http: rejected 1003002")) << quiet.out;
  EXPECT_TRUE(contains(quiet.out, "\n\n2 accepted, 1 rejected, 0 errors, 1 with warnings\n"))
      << quiet.out;
  // Warnings fail under --strict: exit 1, and --quiet shows the warned response.
  EXPECT_EQ(run({"check", "warned.http"}).status, 0);
  const RunResult strict = run({"check", "--strict", "--quiet", accepted, "warned.http"});
  EXPECT_EQ(strict.status, 1) << strict.out << strict.err;
  EXPECT_EQ(strict.out.rfind("warned.http: accepted\n", 0), 0u) << strict.out;
  EXPECT_TRUE(contains(strict.out, "  warning: warn.unknown-member")) << strict.out;
  EXPECT_EQ(run({"check", "--strict", accepted}).status, 0);
  // Errors still win.
  EXPECT_EQ(run({"check", "--strict", "warned.http", "missing.http"}).status, 2);
}

TEST_F(CheckInputsTest, NoColourWhenPipedOrAskedNot) {
  const std::vector<std::string> args = {"check", kCases + "/accepted_token.http",
                                         kCases + "/rejected_status_500.http"};
  const RunResult piped = run(args);
  EXPECT_FALSE(contains(piped.out, "\x1b[")) << piped.out;
  EXPECT_FALSE(contains(piped.err, "\x1b[")) << piped.err;
}

// Runs the CLI with its standard output and error on a pseudo-terminal; returns what it wrote.
std::string run_on_terminal(const std::vector<std::string>& args,
                            const std::vector<std::string>& env) {
  std::vector<std::string> argv_strings = {kCli};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings = env;
  int master = -1;
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  if (pid == 0) {
    ::unsetenv("NO_COLOR");
    for (std::string& entry : env_strings) ::putenv(entry.data());
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  if (pid < 0) {
    ADD_FAILURE() << "forkpty failed";
    return "";
  }
  std::string out;
  char buffer[4096];
  for (;;) {
    pollfd fd{master, POLLIN, 0};
    if (::poll(&fd, 1, 10000) <= 0) break;
    const ssize_t n = ::read(master, buffer, sizeof buffer);
    if (n <= 0) break;  // EIO once the child has exited and closed the terminal
    out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(master);
  int status = 0;
  ::waitpid(pid, &status, 0);
  // The terminal turns each "\n" into "\r\n".
  std::string plain;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '\r' && i + 1 < out.size() && out[i + 1] == '\n') continue;
    plain += out[i];
  }
  return plain;
}

TEST_F(CheckInputsTest, ColourOnATerminalOnly) {
  const std::vector<std::string> args = {"check", kCases + "/accepted_token.http",
                                         kCases + "/rejected_status_500.http", "missing.http"};
  const std::string coloured = run_on_terminal(args, {});
  EXPECT_TRUE(contains(coloured, "accepted_token.http: \x1b[32maccepted\x1b[0m\n")) << coloured;
  EXPECT_TRUE(contains(coloured,
                       "rejected_status_500.http: \x1b[31mrejected 1003002 "
                       "CustomExtensionInvalidHTTPStatus\x1b[0m\n"))
      << coloured;
  EXPECT_TRUE(contains(coloured, "\x1b[33mentracheck: cannot read missing.http")) << coloured;
  EXPECT_TRUE(contains(coloured,
                       "\x1b[32m1 accepted\x1b[0m, \x1b[31m1 rejected\x1b[0m, "
                       "\x1b[33m1 error\x1b[0m\n"))
      << coloured;
  // Without the escapes, the same bytes as the plain output.
  std::string stripped;
  for (std::size_t i = 0; i < coloured.size(); ++i) {
    if (coloured[i] == '\x1b') {
      i = coloured.find('m', i);
      continue;
    }
    stripped += coloured[i];
  }
  const RunResult plain = run_program(kCli, args, "/dev/null", {}, "");
  const std::size_t error_line = stripped.find(plain.err);
  ASSERT_NE(error_line, std::string::npos) << stripped;
  EXPECT_EQ(stripped.erase(error_line, plain.err.size()), plain.out);
  // NO_COLOR (any non-empty value) and --no-color switch it off; an empty NO_COLOR does not.
  EXPECT_FALSE(contains(run_on_terminal(args, {"NO_COLOR=1"}), "\x1b["));
  std::vector<std::string> no_color = args;
  no_color.insert(no_color.begin() + 1, "--no-color");
  EXPECT_FALSE(contains(run_on_terminal(no_color, {}), "\x1b["));
  EXPECT_TRUE(contains(run_on_terminal(args, {"NO_COLOR="}), "\x1b[32m"));
}

// ---------------------------------------------------------------------------------------------
// JUnit, read back with libxml2.

struct XmlDoc {
  explicit XmlDoc(const std::string& text)
      : doc(xmlReadMemory(text.data(), static_cast<int>(text.size()), "junit.xml", nullptr,
                          XML_PARSE_NONET)) {}
  ~XmlDoc() {
    if (doc != nullptr) xmlFreeDoc(doc);
  }
  xmlDocPtr doc;
};

// True when `doc` is valid against tests/cli/junit.xsd; the reasons go to the test log.
bool valid_junit(xmlDocPtr doc) {
  const std::string xsd = ENTRACHECK_SOURCE_DIR "/tests/cli/junit.xsd";
  xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt(xsd.c_str());
  xmlSchemaPtr schema = parser == nullptr ? nullptr : xmlSchemaParse(parser);
  xmlSchemaValidCtxtPtr validator = schema == nullptr ? nullptr : xmlSchemaNewValidCtxt(schema);
  const bool valid = validator != nullptr && xmlSchemaValidateDoc(validator, doc) == 0;
  if (validator != nullptr) xmlSchemaFreeValidCtxt(validator);
  if (schema != nullptr) xmlSchemaFree(schema);
  if (parser != nullptr) xmlSchemaFreeParserCtxt(parser);
  return valid;
}

std::string attr(xmlNodePtr node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return "<none>";
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

std::vector<xmlNodePtr> children(xmlNodePtr node, const char* name) {
  std::vector<xmlNodePtr> out;
  for (xmlNodePtr c = node->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE &&
        xmlStrEqual(c->name, reinterpret_cast<const xmlChar*>(name))) {
      out.push_back(c);
    }
  }
  return out;
}

std::string content(xmlNodePtr node) {
  xmlChar* text = xmlNodeGetContent(node);
  std::string out = text == nullptr ? "" : reinterpret_cast<const char*>(text);
  xmlFree(text);
  return out;
}

TEST_F(CheckInputsTest, JunitReport) {
  write_file(path("warned.http"),
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + kWarningBody);
  write_file(path("numeric.http"),
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + kNumericBody);
  const RunResult r = run({"check", "--strict", "--junit", "report.xml", "--elapsed-ms", "12.5",
                           kCases + "/accepted_token.http", "numeric.http", "warned.http",
                           "missing.http", kCases + "/rejected_status_500.http"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  const XmlDoc xml(read_file(path("report.xml")));
  ASSERT_NE(xml.doc, nullptr) << read_file(path("report.xml"));
  EXPECT_TRUE(valid_junit(xml.doc)) << read_file(path("report.xml"));
  xmlNodePtr root = xmlDocGetRootElement(xml.doc);
  ASSERT_NE(root, nullptr);
  EXPECT_STREQ(reinterpret_cast<const char*>(root->name), "testsuites");
  const std::vector<xmlNodePtr> suites = children(root, "testsuite");
  ASSERT_EQ(suites.size(), 1u);
  xmlNodePtr suite = suites[0];
  EXPECT_EQ(attr(suite, "tests"), "5");
  EXPECT_EQ(attr(suite, "failures"), "3");  // two rejections and a warning under --strict
  EXPECT_EQ(attr(suite, "errors"), "1");
  EXPECT_EQ(attr(root, "tests"), "5");
  const std::vector<xmlNodePtr> cases = children(suite, "testcase");
  ASSERT_EQ(cases.size(), 5u);
  EXPECT_EQ(attr(cases[0], "name"), kCases + "/accepted_token.http");
  EXPECT_EQ(attr(cases[0], "classname"), "entracheck.check.tokenIssuanceStart");
  EXPECT_EQ(attr(cases[0], "time"), "0.013");  // 12.5 ms rounds up to 13
  EXPECT_TRUE(children(cases[0], "failure").empty());
  EXPECT_TRUE(children(cases[0], "error").empty());
  const std::vector<xmlNodePtr> numeric = children(cases[1], "failure");
  ASSERT_EQ(numeric.size(), 1u);
  EXPECT_EQ(attr(numeric[0], "type"), "1003003");
  EXPECT_EQ(attr(numeric[0], "message"),
            "rejected 1003003 CustomExtensionInvalidResponseBody: rule claims.value-type at "
            "/data/actions/0/claims/points: points is a number; A claim value is a number, null, "
            "or an array holding "
            "something other than strings; send a string or an array of strings.");
  EXPECT_TRUE(contains(content(numeric[0]), "numeric.http: rejected 1003003"))
      << content(numeric[0]);
  EXPECT_TRUE(contains(content(numeric[0]), "  offset: ")) << content(numeric[0]);
  const std::vector<xmlNodePtr> warned = children(cases[2], "failure");
  ASSERT_EQ(warned.size(), 1u);
  EXPECT_EQ(attr(warned[0], "type"), "warning");
  EXPECT_TRUE(contains(attr(warned[0], "message"), "warn.unknown-member at /data/actions/0/Claims"))
      << attr(warned[0], "message");
  const std::vector<xmlNodePtr> error = children(cases[3], "error");
  ASSERT_EQ(error.size(), 1u);
  EXPECT_EQ(attr(cases[3], "classname"), "entracheck.check");
  EXPECT_EQ(attr(error[0], "message"), "cannot read missing.http: No such file or directory");
  const std::vector<xmlNodePtr> status = children(cases[4], "failure");
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(attr(status[0], "type"), "1003002");
  EXPECT_EQ(attr(cases[4], "classname"), "entracheck.check");  // no event was needed
  // Without --strict, the warning passes.
  const RunResult lenient = run({"check", "--junit", "lenient.xml", "warned.http"});
  EXPECT_EQ(lenient.status, 0);
  const XmlDoc lenient_xml(read_file(path("lenient.xml")));
  ASSERT_NE(lenient_xml.doc, nullptr);
  EXPECT_TRUE(valid_junit(lenient_xml.doc));
  EXPECT_EQ(attr(children(xmlDocGetRootElement(lenient_xml.doc), "testsuite")[0], "failures"), "0");
}

TEST(JunitSchema, RefusesWhatReportersCannotRead) {
  // The schema is not vacuous: counts are required, and a testcase holds one failure at most.
  const XmlDoc no_counts("<testsuites name='x'><testsuite name='y'/></testsuites>");
  ASSERT_NE(no_counts.doc, nullptr);
  EXPECT_FALSE(valid_junit(no_counts.doc));
  const XmlDoc two_failures(
      "<testsuites name='x' tests='1' failures='2' errors='0'><testsuite name='y' tests='1' "
      "failures='2' errors='0' skipped='0'><testcase classname='c' name='n'><failure type='t' "
      "message='m'/><failure type='t' message='m'/></testcase></testsuite></testsuites>");
  ASSERT_NE(two_failures.doc, nullptr);
  EXPECT_FALSE(valid_junit(two_failures.doc));
}

TEST_F(CheckInputsTest, JunitOddNamesStayWellFormed) {
  const std::string name = "odd<&\"\x01\xff>.http";
  write_file(path(name), read_file(kCases + "/accepted_token.http"));
  const RunResult r = run({"check", "--junit", "odd.xml", name, "missing\x02.http"});
  EXPECT_EQ(r.status, 2) << r.err;
  const XmlDoc xml(read_file(path("odd.xml")));
  ASSERT_NE(xml.doc, nullptr) << read_file(path("odd.xml"));
  EXPECT_TRUE(valid_junit(xml.doc));
  const std::vector<xmlNodePtr> cases =
      children(children(xmlDocGetRootElement(xml.doc), "testsuite")[0], "testcase");
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(attr(cases[0], "name"), "odd<&\"\\x01\xef\xbf\xbd>.http");
}

TEST_F(CheckInputsTest, JunitUnwritable) {
  const RunResult r =
      run({"check", "--junit", "no-such-dir/report.xml", kCases + "/accepted_token.http"});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.out, "accepted_token.http: accepted")) << r.out;
  EXPECT_EQ(r.err,
            "entracheck: cannot write the JUnit report no-such-dir/report.xml: No such file or "
            "directory\n");
}

}  // namespace
